// User management commands against the real database: rules that only show up with real rows.
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { executeCommand } from "@/lib/commands/command";
import type { Actor } from "@/lib/auth/permissions";
import { verifyPassword } from "@/lib/auth/password";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { findActor } from "@/lib/auth/actor";
import { createUser, setUserDisabled, setUserRoles } from "@/lib/users/commands";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoUsers } from "@/lib/users/demo";
import { resetDatabase } from "../setup/db";
import { expectAppError, expectRefusedWithoutChange, makeSession, makeUser, randomEmail, rolesOf } from "./world";

let admin: Actor;

beforeEach(async () => {
  await resetDatabase();
  admin = await makeUser(["ADMIN"]);
});
afterAll(() => disconnectPrisma());

function auditFor(targetId: string) {
  return prisma.auditEvent.findMany({ where: { targetId }, orderBy: { id: "asc" } });
}

describe("users.create", () => {
  it("creates a password user who can sign in, with normalised email and de-duplicated roles", async () => {
    const email = randomEmail("Mixed").toUpperCase();
    const created = await executeCommand(prisma, createUser, admin, {
      email: `  ${email} `,
      name: "  Grace Hopper ",
      password: "a long initial password",
      roles: ["MLOPS_ENGINEER", "MLOPS_ENGINEER", "DATA_SCIENTIST"],
    });
    expect(created.email).toBe(email.toLowerCase());
    const user = await prisma.user.findUniqueOrThrow({ where: { id: created.id }, include: { accounts: true } });
    expect(user.name).toBe("Grace Hopper");
    expect(user.disabled).toBe(false);
    expect((await rolesOf(user.id)).sort()).toEqual(["DATA_SCIENTIST", "MLOPS_ENGINEER"]);
    expect(user.accounts).toHaveLength(1);
    const account = user.accounts[0];
    expect(account?.providerId).toBe("credential");
    expect(account?.password).not.toContain("a long initial password");
    expect(await verifyPassword({ hash: account?.password ?? "", password: "a long initial password" })).toBe(true);

    const [event] = await auditFor(created.id);
    expect(event?.summary).toBe(`Created ${email.toLowerCase()} (MLOps engineer, Data scientist)`);
  });

  it("ignores fields a hand-crafted request adds, such as disabled or id", async () => {
    const forcedId = randomUUID();
    const created = await executeCommand(prisma, createUser, admin, {
      email: randomEmail("extra"),
      name: "Extra Fields",
      password: "a long initial password",
      roles: [],
      id: forcedId,
      disabled: true,
      emailVerified: false,
    });
    expect(created.id).not.toBe(forcedId);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(user.disabled).toBe(false);
    expect(await rolesOf(user.id)).toEqual([]);
  });

  it("refuses a duplicate email, also in another case, with a clear message and no change", async () => {
    const email = randomEmail("dup");
    await executeCommand(prisma, createUser, admin, { email, name: "First", password: "a long initial password", roles: [] });
    for (const again of [email, email.toUpperCase()]) {
      const error = await expectRefusedWithoutChange(
        () => executeCommand(prisma, createUser, admin, { email: again, name: "Second", password: "another long password", roles: ["ADMIN"] }),
        "CONFLICT",
      );
      // The message must tell the admin what clashed: the email, not a generic "name".
      expect(error.userMessage).toMatch(/email/i);
    }
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });
});

describe("users.set_roles", () => {
  it("replaces the roles and audits before and after", async () => {
    const user = await makeUser(["DATA_SCIENTIST"]);
    await executeCommand(prisma, setUserRoles, admin, { userId: user.id, roles: ["MLOPS_ENGINEER", "ADMIN"] });
    expect(await rolesOf(user.id)).toEqual(["MLOPS_ENGINEER", "ADMIN"]);
    const [event] = await auditFor(user.id);
    expect(event).toMatchObject({
      action: "users.set_roles",
      actorId: admin.id,
      summary: `Set roles of ${user.email} to MLOps engineer, Admin`,
      details: { before: ["DATA_SCIENTIST"], after: ["MLOPS_ENGINEER", "ADMIN"] },
    });
  });

  it("can take every role away from a non-admin", async () => {
    const user = await makeUser(["DATA_SCIENTIST", "MLOPS_ENGINEER"]);
    await executeCommand(prisma, setUserRoles, admin, { userId: user.id, roles: [] });
    expect(await rolesOf(user.id)).toEqual([]);
    expect((await auditFor(user.id))[0]?.summary).toBe(`Set roles of ${user.email} to no roles`);
  });

  it("is NOT_FOUND for a user that does not exist, changing nothing", async () => {
    const error = await expectRefusedWithoutChange(
      () => executeCommand(prisma, setUserRoles, admin, { userId: randomUUID(), roles: ["ADMIN"] }),
      "NOT_FOUND",
    );
    expect(error.userMessage).toBe("That user does not exist.");
  });

  it("refuses to remove the last admin's own admin role, leaving roles and audit untouched", async () => {
    const error = await expectRefusedWithoutChange(
      () => executeCommand(prisma, setUserRoles, admin, { userId: admin.id, roles: ["DATA_SCIENTIST"] }),
      "CONFLICT",
    );
    expect(error.userMessage).toContain("yourself");
    expect(error.userMessage).toContain("at least one enabled admin");
    expect(await rolesOf(admin.id)).toEqual(["ADMIN"]);
    expect(await prisma.auditEvent.count()).toBe(0);
  });

  it("does not count a disabled admin as the other admin", async () => {
    await makeUser(["ADMIN"], { disabled: true });
    await expectRefusedWithoutChange(() => executeCommand(prisma, setUserRoles, admin, { userId: admin.id, roles: [] }), "CONFLICT");
    expect(await rolesOf(admin.id)).toEqual(["ADMIN"]);
  });

  it("lets an admin step down when another enabled admin remains", async () => {
    const other = await makeUser(["ADMIN"]);
    await executeCommand(prisma, setUserRoles, admin, { userId: admin.id, roles: ["MLOPS_ENGINEER"] });
    expect(await rolesOf(admin.id)).toEqual(["MLOPS_ENGINEER"]);
    // Now `other` is the last one; removing them is refused even though the caller still holds an Actor with ADMIN.
    const error = await expectAppError(() => executeCommand(prisma, setUserRoles, admin, { userId: other.id, roles: [] }), "CONFLICT");
    expect(error.userMessage).toContain("this user");
    expect(await rolesOf(other.id)).toEqual(["ADMIN"]);
  });
});

describe("users.set_disabled", () => {
  it("signs the user out everywhere, and nobody else", async () => {
    const user = await makeUser(["DATA_SCIENTIST"]);
    const bystander = await makeUser(["DATA_SCIENTIST"]);
    await makeSession(user.id);
    await makeSession(user.id);
    await makeSession(bystander.id);
    await makeSession(admin.id);

    await executeCommand(prisma, setUserDisabled, admin, { userId: user.id, disabled: true });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: bystander.id } })).toBe(1);
    expect(await prisma.session.count({ where: { userId: admin.id } })).toBe(1);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).disabled).toBe(true);
    // A disabled user is no actor, so every later command from them is UNAUTHENTICATED.
    expect(await findActor(prisma, user.id)).toBeNull();
    expect((await auditFor(user.id)).map((e) => e.summary)).toEqual([`Disabled ${user.email}`]);
  });

  it("enables the user again, keeping their roles", async () => {
    const user = await makeUser(["MLOPS_ENGINEER"], { disabled: true });
    expect(await findActor(prisma, user.id)).toBeNull();
    await executeCommand(prisma, setUserDisabled, admin, { userId: user.id, disabled: false });
    expect(await findActor(prisma, user.id)).toMatchObject({ id: user.id, roles: ["MLOPS_ENGINEER"] });
    expect((await auditFor(user.id)).map((e) => e.summary)).toEqual([`Enabled ${user.email}`]);
  });

  it("refuses to disable the last enabled admin, keeping their sessions", async () => {
    await makeSession(admin.id);
    const error = await expectRefusedWithoutChange(
      () => executeCommand(prisma, setUserDisabled, admin, { userId: admin.id, disabled: true }),
      "CONFLICT",
    );
    expect(error.userMessage).toContain("at least one enabled admin");
    expect(await prisma.session.count({ where: { userId: admin.id } })).toBe(1);
  });

  it("is NOT_FOUND for a user that does not exist", async () => {
    await expectRefusedWithoutChange(() => executeCommand(prisma, setUserDisabled, admin, { userId: randomUUID(), disabled: true }), "NOT_FOUND");
  });
});

describe("demo users", () => {
  it("seeds the three demo accounts once, each with its role and the demo password", async () => {
    await resetDatabase();
    expect(await seedDemoUsers(prisma)).toBe(3);
    expect(await seedDemoUsers(prisma)).toBe(0);
    for (const demo of DEMO_USERS) {
      const user = await prisma.user.findUniqueOrThrow({ where: { email: demo.email }, include: { accounts: true } });
      expect(await rolesOf(user.id)).toEqual(demo.roles);
      expect(await verifyPassword({ hash: user.accounts[0]?.password ?? "", password: DEMO_PASSWORD })).toBe(true);
    }
    expect(DEMO_USERS.map((u) => u.email)).toEqual(["ds@ferry.local", "mlops@ferry.local", "admin@ferry.local"]);
  });
});
