// Bulk-lift progress lives in PostgreSQL: what one app instance reports, another reads, and only for the
// user whose import it is.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, prisma } from "@/lib/db/prisma";
import { readProgress, reportProgress } from "@/lib/catalog/bulk/progress";
import { makeUser } from "../commands/world";
import { resetDatabase, testDatabaseUrl } from "../setup/db";

beforeAll(() => resetDatabase());

describe("bulk import progress", () => {
  const otherInstance = createPrismaClient(testDatabaseUrl());
  afterAll(() => otherInstance.$disconnect());

  it("is shared by every instance through PostgreSQL, per caller", async () => {
    const [owner, stranger] = [await makeUser(["DATA_SCIENTIST"]), await makeUser(["DATA_SCIENTIST"])];
    const importId = randomUUID();
    await reportProgress(prisma, owner.id, importId, "validating");
    await reportProgress(prisma, owner.id, importId, "uploading", 3, 7);
    const row = await otherInstance.bulkImportProgress.findUniqueOrThrow({ where: { actorId_importId: { actorId: owner.id, importId } } });
    expect(row).toMatchObject({ stage: "uploading", done: 3, total: 7 });
    expect(await readProgress(otherInstance, owner.id, importId)).toMatchObject({ stage: "uploading", done: 3, total: 7 });
    expect(await readProgress(otherInstance, stranger.id, importId)).toBeNull();
  });

  it("forgets imports nobody has touched for ten minutes when the next one starts", async () => {
    const user = await makeUser(["DATA_SCIENTIST"]);
    const stale = randomUUID();
    await otherInstance.bulkImportProgress.create({ data: { actorId: user.id, importId: stale, stage: "done", done: 1, total: 1, updatedAt: new Date(Date.now() - 11 * 60_000) } });
    await reportProgress(prisma, user.id, randomUUID(), "validating");
    expect(await readProgress(prisma, user.id, stale)).toBeNull();
  });
});
