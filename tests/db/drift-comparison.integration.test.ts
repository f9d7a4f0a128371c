// The drift comparison itself, on a small synthetic schema that uses features the real schema does not
// (mapped enums and values, explicit index names, VarChar/Date/Float/Decimal/Bytes, enum lists, onUpdate actions),
// with the SQL Prisma would generate for it written by hand. Guards tests/db/drift against false alarms and blind spots.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { diffSnapshots } from "./drift/diff";
import { expectedSnapshot, prismaConstraintName } from "./drift/expected";
import { liveSnapshot } from "./drift/live";
import { createScratchDatabase, withClient, type ScratchDatabase } from "../setup/db";

const SCHEMA = `
datasource db {
  provider = "postgresql"
}

enum Colour {
  RED   @map("red")
  GREEN @map("green")

  @@map("colour")
}

model Owner {
  id      Int       @id @default(autoincrement())
  code    String    @unique(map: "owner_code_unique") @db.VarChar(12)
  score   Float     @default(-1.5)
  amount  Decimal?
  photo   Bytes?
  born    DateTime? @db.Date
  seenAt  DateTime  @default(now()) @map("seen_at")
  pets    Pet[]

  @@map("owners")
}

model Pet {
  ownerId Int      @map("owner_id")
  name    String
  colour  Colour   @default(RED)
  colours Colour[]
  meta    Json     @default("{}")
  owner   Owner    @relation(fields: [ownerId], references: [id], onDelete: NoAction, onUpdate: Restrict)

  @@id([ownerId, name])
  @@index([name(sort: Desc)], map: "pets_by_name")
  @@map("pets")
}
`;

const SQL = `
CREATE TYPE "colour" AS ENUM ('red', 'green');
CREATE TABLE "owners" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(12) NOT NULL,
    "score" DOUBLE PRECISION NOT NULL DEFAULT -1.5,
    "amount" DECIMAL(65,30),
    "photo" BYTEA,
    "born" DATE,
    "seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "owners_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "pets" (
    "owner_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "colour" "colour" NOT NULL DEFAULT 'red',
    "colours" "colour"[],
    "meta" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "pets_pkey" PRIMARY KEY ("owner_id", "name")
);
CREATE UNIQUE INDEX "owner_code_unique" ON "owners"("code");
CREATE INDEX "pets_by_name" ON "pets"("name" DESC);
ALTER TABLE "pets" ADD CONSTRAINT "pets_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "owners"("id") ON DELETE NO ACTION ON UPDATE RESTRICT;
`;

let scratch: ScratchDatabase;
beforeAll(async () => {
  scratch = await createScratchDatabase("compare");
});
afterAll(async () => {
  await scratch?.drop();
});
beforeEach(async () => {
  await withClient((client) => client.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public;${SQL}`), scratch.url);
});

const drift = () => withClient(async (client) => diffSnapshots(expectedSnapshot(SCHEMA), await liveSnapshot(client, { ignoreTables: [] })), scratch.url);
const breakWith = (sql: string) => withClient((client) => client.query(sql), scratch.url);

describe("drift comparison", () => {
  it("finds nothing when the database matches the schema", async () => {
    expect(await drift()).toEqual([]);
  });

  it("describes the expected schema in PostgreSQL's spelling", () => {
    const expected = expectedSnapshot(SCHEMA);
    expect(expected.enums).toEqual({ colour: ["red", "green"] });
    expect(expected.tables.owners?.id).toEqual({ type: "integer", notNull: true, default: "nextval('owners_id_seq'::regclass)" });
    expect(expected.tables.pets?.colours).toEqual({ type: "colour[]", notNull: false, default: null });
    expect(expected.tables.pets?.colour?.default).toBe("'red'::colour");
    expect(expected.indexes.pets_pkey).toMatchObject({ primary: true, columns: ["owner_id", "name"] });
    expect(expected.foreignKeys.pets_owner_id_fkey).toMatchObject({ onDelete: "NO ACTION", onUpdate: "RESTRICT" });
  });

  it.each([
    [`ALTER TABLE "pets" DROP COLUMN "meta"`, /column "pets"\."meta" is missing/],
    [`ALTER TABLE "owners" ALTER COLUMN "code" TYPE VARCHAR(13)`, /column "owners"\."code": type is character varying\(13\)/],
    [`ALTER TABLE "owners" ALTER COLUMN "score" SET DEFAULT 0`, /column "owners"\."score": default is 0 in the database, schema.prisma says '-1.5'::numeric/],
    [`ALTER TABLE "owners" ALTER COLUMN "id" DROP DEFAULT`, /column "owners"\."id": default is null/],
    [`ALTER TABLE "pets" ALTER COLUMN "colours" SET NOT NULL`, /column "pets"\."colours": notNull is true/],
    [`ALTER TABLE "owners" ALTER COLUMN "code" DROP NOT NULL`, /column "owners"\."code": notNull is false/],
    [`ALTER TABLE "owners" ALTER COLUMN "born" TYPE TIMESTAMP(3)`, /column "owners"\."born": type is timestamp\(3\) without time zone in the database, schema.prisma says date/],
    [`ALTER TYPE "colour" RENAME VALUE 'green' TO 'GREEN'`, /enum "colour": values are \["red","GREEN"\]/],
    [`ALTER INDEX "owner_code_unique" RENAME TO "owners_code_key"`, /unique index "owner_code_unique" .* is missing/],
    [`DROP INDEX "pets_by_name"; CREATE INDEX "pets_by_name" ON "pets"("name")`, /index "pets_by_name": columns is \["name"\]/],
    [`DROP INDEX "pets_by_name"; CREATE INDEX "pets_by_name" ON "pets"("name" DESC) WHERE "name" <> ''`, /index "pets_by_name": predicate is/],
    [`CREATE INDEX "extra" ON "pets"("colour")`, /index "extra" on "pets" \(colour\) exists in the database but not in schema.prisma/],
    [
      `ALTER TABLE "pets" DROP CONSTRAINT "pets_pkey"; ALTER TABLE "pets" ADD CONSTRAINT "pets_pkey" PRIMARY KEY ("name", "owner_id")`,
      /primary key "pets_pkey": columns is \["name","owner_id"\]/,
    ],
    [
      `ALTER TABLE "pets" DROP CONSTRAINT "pets_owner_id_fkey"; ALTER TABLE "pets" ADD CONSTRAINT "pets_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "owners"("id") ON DELETE NO ACTION ON UPDATE CASCADE`,
      /foreign key "pets_owner_id_fkey": onUpdate is CASCADE in the database, schema.prisma says RESTRICT/,
    ],
    [`ALTER TABLE "pets" DROP CONSTRAINT "pets_owner_id_fkey"`, /foreign key "pets_owner_id_fkey" on "pets" \(owner_id\) is missing/],
  ])("detects: %s", async (sql, pattern) => {
    await breakWith(sql);
    const differences = await drift();
    expect(differences.some((line) => pattern.test(line)), `no line matches ${pattern} in:\n${differences.join("\n")}`).toBe(true);
  });
});

describe("schema parser version", () => {
  it("comes from the same engines release line as the installed prisma", async () => {
    // @prisma/prisma-schema-wasm is pinned by hand (the exact engines build is not published); bump it with prisma.
    const release = (version: string) => version.split("-")[0];
    const { default: engines } = await import("@prisma/engines-version/package.json", { with: { type: "json" } });
    const { default: wasm } = await import("@prisma/prisma-schema-wasm/package.json", { with: { type: "json" } });
    expect(release(wasm.version)).toBe(release(engines.version));
  });
});

describe("prismaConstraintName", () => {
  it("follows Prisma's default naming", () => {
    expect(prismaConstraintName("models", ["team", "status"], "idx")).toBe("models_team_status_idx");
    expect(prismaConstraintName("users", ["email"], "key")).toBe("users_email_key");
    expect(prismaConstraintName("runs", [], "pkey")).toBe("runs_pkey");
  });

  it("cuts long names to PostgreSQL's 63-byte limit, keeping the suffix", () => {
    const name = prismaConstraintName("a_rather_long_table_name", ["first_long_column", "second_long_column"], "fkey");
    expect(name).toHaveLength(63);
    expect(name.endsWith("_fkey")).toBe(true);
  });
});
