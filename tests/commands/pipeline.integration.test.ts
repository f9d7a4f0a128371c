// The command pipeline itself: the change and its audit event commit together or not at all.
// The commands defined here are test-only but run through the real executeCommand and a real database.
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCommand, executeCommand } from "@/lib/commands/command";
import { AppError, toFailure } from "@/lib/commands/errors";
import type { Actor } from "@/lib/auth/permissions";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { resetDatabase } from "../setup/db";
import { fingerprint, makeUser, randomEmail } from "./world";

/** Creates a user, then does whatever `after` says: the shape of any real command. */
function creatingCommand(after: "succeed" | "throw-app-error" | "throw-bug") {
  return defineCommand({
    name: `test.create_then_${after}`,
    permission: "users:manage",
    input: z.object({ email: z.email() }),
    run: async ({ tx, input }) => {
      const user = await tx.user.create({ data: { email: input.email, name: "Half-made" }, select: { id: true } });
      await tx.userRole.create({ data: { userId: user.id, role: "ADMIN" } });
      if (after === "throw-app-error") throw new AppError("CONFLICT", "Changed my mind after writing.");
      if (after === "throw-bug") throw new TypeError("cannot read properties of undefined");
      return { result: user, audit: { targetType: "user", targetId: user.id, summary: "created a half-made user" } };
    },
  });
}

let admin: Actor;

beforeEach(async () => {
  await resetDatabase();
  admin = await makeUser(["ADMIN"]);
});
afterAll(() => disconnectPrisma());

describe("executeCommand is one transaction", () => {
  it("commits the change and its audit event together", async () => {
    const email = randomEmail("atomic");
    const user = await executeCommand(prisma, creatingCommand("succeed"), admin, { email });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
    const events = await prisma.auditEvent.findMany({ where: { targetId: user.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "test.create_then_succeed", actorId: admin.id, actorEmail: admin.email });
  });

  it("rolls the change back when the command fails after writing", async () => {
    const before = await fingerprint();
    const email = randomEmail("rollback");
    await expect(executeCommand(prisma, creatingCommand("throw-app-error"), admin, { email })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    expect(await fingerprint()).toEqual(before);
  });

  it("rolls the change back when the audit event cannot be written", async () => {
    // An actor whose id is in no users row: the audit insert violates its foreign key after the change was made.
    const ghost: Actor = { id: randomUUID(), email: "ghost@ferry.test", name: "Ghost", roles: ["ADMIN"] };
    const before = await fingerprint();
    const email = randomEmail("no-audit");
    await expect(executeCommand(prisma, creatingCommand("succeed"), ghost, { email })).rejects.toThrow();
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    expect(await fingerprint()).toEqual(before);
  });

  it("lets an unexpected error through, which users see only as a generic message", async () => {
    const before = await fingerprint();
    let caught: unknown;
    try {
      await executeCommand(prisma, creatingCommand("throw-bug"), admin, { email: randomEmail("bug") });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TypeError);
    expect(await fingerprint()).toEqual(before);
    const failure = toFailure(caught);
    expect(failure.code).toBe("INTERNAL");
    expect(failure.error).not.toContain("undefined");
    expect(failure.error).toMatch(/something went wrong/i);
  });
});

describe("toFailure", () => {
  it("passes an AppError's user message and field errors, never its internal message", () => {
    const failure = toFailure(new AppError("FORBIDDEN", "Your role does not allow this action.", undefined, "ds@x lacks users:manage"));
    expect(failure).toEqual({ ok: false, code: "FORBIDDEN", error: "Your role does not allow this action.", fieldErrors: undefined });
    expect(JSON.stringify(failure)).not.toContain("lacks users:manage");
  });
});
