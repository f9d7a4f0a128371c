// The shared Prisma client reaches the migrated test database (DATABASE_URL set by tests/setup/db-env.ts).
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { resetDatabase, testDatabaseUrl, withClient } from "../setup/db";

beforeEach(() => resetDatabase());
afterAll(() => disconnectPrisma());

describe("prisma client", () => {
  it("uses the test database", () => {
    expect(process.env.DATABASE_URL).toBe(testDatabaseUrl());
  });

  it("creates and reads rows, applying the database defaults and mapped names", async () => {
    const user = await prisma.user.create({
      data: { name: "Ada", email: "ada@example.test", roles: { create: [{ role: "ADMIN" }] } },
    });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.emailVerified).toBe(false);

    const model = await prisma.model.create({
      data: { slug: "churn", displayName: "Churn", team: "growth", ownerId: user.id, tags: ["tabular", "weekly"] },
    });
    expect(model.status).toBe("INVENTORIED");
    expect(model.instanceType).toBe("ml.m5.xlarge");

    const found = await prisma.model.findFirstOrThrow({
      where: { tags: { has: "weekly" } },
      include: { owner: { include: { roles: true } } },
    });
    expect(found.owner.email).toBe("ada@example.test");
    expect(found.owner.roles.map((r) => r.role)).toEqual(["ADMIN"]);

    // The row really is in snake_case columns.
    const raw = await withClient((c) => c.query(`SELECT display_name, owner_id FROM models WHERE slug = 'churn'`));
    expect(raw.rows[0]).toEqual({ display_name: "Churn", owner_id: user.id });
  });

  it("autoincrements BigInt ids and resetDatabase restarts them", async () => {
    const data = { actorEmail: "system", action: "test", targetType: "none", summary: "event" };
    await prisma.auditEvent.create({ data });
    expect((await prisma.auditEvent.create({ data })).id).toBe(2n);
    await resetDatabase();
    expect((await prisma.auditEvent.create({ data })).id).toBe(1n);
  });

  it("rolls back a failed transaction", async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.user.create({ data: { name: "Tmp", email: "tmp@example.test" } });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await prisma.user.count()).toBe(0);
  });
});
