// The live schema (after all migrations) must match prisma/schema.prisma exactly; any difference is listed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { MIGRATIONS_DIR } from "../setup/database";
import { createScratchDatabase, withClient, type ScratchDatabase } from "../setup/db";
import { schemaDrift } from "./drift";

function report(differences: string[]): string {
  return differences.length === 0 ? "no drift" : `${differences.length} difference(s):\n  - ${differences.join("\n  - ")}`;
}

describe("schema drift", () => {
  it("the migrated database matches schema.prisma", async () => {
    const differences = await withClient((client) => schemaDrift(client));
    expect(report(differences)).toBe("no drift");
  });
});

// Proves the check above can fail: break a freshly migrated scratch database by hand and expect the breakage named.
describe("schema drift detection", () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase("drift");
    await migrate(scratch.url, MIGRATIONS_DIR);
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it("starts from a clean scratch database", async () => {
    expect(await withClient((client) => schemaDrift(client), scratch.url)).toEqual([]);
  });

  it("reports a column dropped by hand, and nothing else", async () => {
    await withClient((client) => client.query(`ALTER TABLE "models" DROP COLUMN "display_name"`), scratch.url);
    expect(await withClient((client) => schemaDrift(client), scratch.url)).toEqual([
      `column "models"."display_name" is missing from the database`,
    ]);
  });

  it("names every kind of hand-made change", async () => {
    await withClient(async (client) => {
      await client.query(`
        ALTER TABLE "models" ALTER COLUMN "team" DROP NOT NULL;
        ALTER TABLE "models" ALTER COLUMN "volume_size_gb" SET DEFAULT 30;
        ALTER TABLE "models" ALTER COLUMN "instance_type" TYPE VARCHAR(40);
        ALTER TABLE "runs" ALTER COLUMN "created_at" TYPE TIMESTAMP(3);
        ALTER TABLE "models" ADD COLUMN "surprise" TEXT;
        DROP INDEX "models_tags_idx";
        CREATE INDEX "models_tags_idx" ON "models" ("tags");
        DROP INDEX "runs_created_at_id_idx";
        CREATE INDEX "runs_created_at_id_idx" ON "runs" ("created_at", "id");
        DROP INDEX "users_email_key";
        CREATE INDEX "users_email_key" ON "users" ("email");
        ALTER TABLE "sessions" DROP CONSTRAINT "sessions_user_id_fkey";
        ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
        ALTER TYPE "RunStatus" ADD VALUE 'PAUSED';
        CREATE TABLE "stray" ("id" INTEGER PRIMARY KEY);
        DROP TABLE "verifications";
      `);
    }, scratch.url);
    const differences = await withClient((client) => schemaDrift(client), scratch.url);
    console.log(`Drift introduced on purpose is reported as:\n${report(differences)}`);

    const expectLine = (pattern: RegExp) => expect(differences.some((line) => pattern.test(line)), `no line matches ${pattern}\n${report(differences)}`).toBe(true);
    expectLine(/column "models"\."display_name" is missing/);
    expectLine(/column "models"\."team": notNull is false in the database, schema.prisma says true/);
    expectLine(/column "models"\."volume_size_gb": default is 30 in the database, schema.prisma says 20/);
    expectLine(/column "models"\."instance_type": type is character varying\(40\)/);
    expectLine(/column "runs"\."created_at": type is timestamp\(3\) without time zone .* says timestamp\(3\) with time zone/);
    expectLine(/column "models"\."surprise" exists in the database but not in schema.prisma/);
    expectLine(/index "models_tags_idx": method is btree in the database, schema.prisma says gin/);
    expectLine(/index "runs_created_at_id_idx": columns is \["created_at","id"\] in the database, schema.prisma says \["created_at DESC","id"\]/);
    expectLine(/index "users_email_key": unique is false/);
    expectLine(/foreign key "sessions_user_id_fkey": onDelete is RESTRICT in the database, schema.prisma says CASCADE/);
    expectLine(/enum "RunStatus": values are .*PAUSED/);
    expectLine(/table "stray" exists in the database but not in schema.prisma/);
    expectLine(/table "verifications" is missing from the database/);
    expectLine(/index "verifications_identifier_idx" .* is missing/);
    expect(differences.length).toBeGreaterThanOrEqual(14);
  });
});
