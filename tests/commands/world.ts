// Helpers for command integration tests: real users in the test database and a fingerprint of the tables a
// command could touch, to prove that a refused command changed nothing.
import { randomBytes, randomUUID } from "node:crypto";
import { expect } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { AppError, type AppErrorCode } from "@/lib/commands/errors";
import type { Actor, Role } from "@/lib/auth/permissions";
import { newPasswordUser } from "@/lib/users/new-user";
import { BOOKKEEPING_TABLES } from "../setup/bookkeeping";
import { MIGRATIONS_TABLE } from "@/lib/db/migrate";
import { withClient } from "../setup/db";

export const PASSWORD = "correct horse battery";

/** A user created the way the app creates them (credential account, hashed password), as an Actor. */
export async function makeUser(roles: Role[], options: { email?: string; disabled?: boolean } = {}): Promise<Actor> {
  const email = options.email ?? `${roles.join("-").toLowerCase() || "no-role"}-${randomBytes(4).toString("hex")}@ferry.test`;
  const name = `Test ${roles.join(" ") || "nobody"}`;
  const user = await prisma.user.create({
    data: { ...(await newPasswordUser({ email, name, password: PASSWORD, roles })), disabled: options.disabled ?? false },
    select: { id: true, email: true, name: true },
  });
  return { ...user, roles };
}

/** A live session row for `userId`, as better-auth would write it on sign-in. */
export async function makeSession(userId: string) {
  return prisma.session.create({
    data: { userId, token: randomBytes(24).toString("hex"), expiresAt: new Date(Date.now() + 3_600_000) },
  });
}

export async function rolesOf(userId: string): Promise<Role[]> {
  const rows = await prisma.userRole.findMany({ where: { userId }, select: { role: true }, orderBy: { role: "asc" } });
  return rows.map((r) => r.role);
}

export type Fingerprint = Record<string, { rows: number; digest: string }>;

/**
 * Row count and an md5 of every row's full content, for every table of the app (not the migrations record):
 * equal fingerprints mean nothing changed, whatever a command could have touched.
 */
export async function fingerprint(): Promise<Fingerprint> {
  return withClient(async (client) => {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> ALL($1) ORDER BY tablename`,
      [[MIGRATIONS_TABLE, ...BOOKKEEPING_TABLES]],
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["users", "user_roles", "sessions", "accounts", "audit_events"]));
    const print: Fingerprint = {};
    // One query at a time: a pg client runs queries in sequence anyway.
    for (const { name } of tables) {
      const table = client.escapeIdentifier(name);
      const { rows } = await client.query<{ rows: string; digest: string }>(
        `SELECT count(*)::text AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${table} t`,
      );
      const row = rows[0];
      if (!row) throw new Error(`no fingerprint for ${name}`);
      print[name] = { rows: Number(row.rows), digest: row.digest };
    }
    return print;
  });
}

/** Runs `fn`, which must fail with an AppError of `code`; returns the error for further checks. */
export async function expectAppError(fn: () => Promise<unknown>, code: AppErrorCode): Promise<AppError> {
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}, but the call succeeded`).toBeDefined();
  expect(caught).toBeInstanceOf(AppError);
  const error = caught as AppError;
  expect({ code: error.code, message: error.userMessage }).toMatchObject({ code });
  return error;
}

/** Runs `fn`, which must fail with `code` and leave every watched table exactly as it was. */
export async function expectRefusedWithoutChange(fn: () => Promise<unknown>, code: AppErrorCode): Promise<AppError> {
  const before = await fingerprint();
  const error = await expectAppError(fn, code);
  expect(await fingerprint()).toEqual(before);
  return error;
}

export function randomEmail(prefix = "user"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@ferry.test`;
}

export const UNKNOWN_ID = randomUUID();
