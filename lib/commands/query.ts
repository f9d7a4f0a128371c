import "server-only";
import type { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor, Permission } from "@/lib/auth/permissions";
import { admit } from "./command";

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
  return query.run({ db, ...admit(actor, query.permission, query.input, rawInput, "a query") });
}
