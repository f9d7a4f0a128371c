import type { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { can, type Actor, type Permission } from "@/lib/auth/permissions";
import { invalidInput, requireSignedIn } from "./command";
import { AppError } from "./errors";

/** A read: same gate as commands (signed in, permission, zod input) but no transaction and no audit. */
export type Query<Schema extends z.ZodType, Output> = {
  permission: Permission;
  input: Schema;
  run: (ctx: { db: PrismaClient; input: z.output<Schema>; actor: Actor }) => Promise<Output>;
};

export function defineQuery<Schema extends z.ZodType, Output>(query: Query<Schema, Output>) {
  return query;
}

export async function executeQuery<Schema extends z.ZodType, Output>(
  db: PrismaClient,
  query: Query<Schema, Output>,
  actor: Actor | null,
  rawInput: unknown,
): Promise<Output> {
  requireSignedIn(actor);
  if (!can(actor, query.permission)) throw new AppError("FORBIDDEN", "Your role does not allow this.");
  const parsed = query.input.safeParse(rawInput);
  if (!parsed.success) throw invalidInput(parsed.error);
  return query.run({ db, input: parsed.data, actor });
}
