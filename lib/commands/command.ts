import { z } from "zod";
import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { can, type Actor, type Permission } from "@/lib/auth/permissions";
import type { ObjectCheck } from "@/lib/auth/object-rules";
import { requireAllowed } from "./object-access";
import { writeAudit, type AuditEntry } from "@/lib/audit/write";
import { AppError, type FieldErrors } from "./errors";

export type Tx = Prisma.TransactionClient;

export type CommandContext<Input> = { tx: Tx; input: Input; actor: Actor };

/**
 * Every change Ferry makes goes through a command: zod input, one permission, a transactional body that
 * returns its audit entry. Server actions and route handlers are thin adapters over executeCommand, so the
 * rules hold however the request arrives (UI, hand-crafted POST, test).
 */
export type Command<Schema extends z.ZodType, Output> = {
  /** Audit action name, e.g. "users.set_roles". */
  name: string;
  permission: Permission;
  input: Schema;
  /**
   * The object the command acts on, loaded on the server, and the object rule (lib/auth/object-rules.ts) the
   * caller must pass for it; checked in the command's transaction before `run`. Null when there is none (a create).
   */
  object?: (ctx: CommandContext<z.output<Schema>>) => Promise<ObjectCheck | null>;
  run: (ctx: CommandContext<z.output<Schema>>) => Promise<{ result: Output; audit: AuditEntry }>;
};

export function defineCommand<Schema extends z.ZodType, Output>(command: Command<Schema, Output>) {
  return command;
}

export async function executeCommand<Schema extends z.ZodType, Output>(
  db: PrismaClient,
  command: Command<Schema, Output>,
  actor: Actor | null,
  rawInput: unknown,
): Promise<Output> {
  return inTransaction(db, command, admit(actor, command.permission, command.input, rawInput, command.name));
}

/**
 * The second half of work a command admitted and queued (a job's outcome): the same zod input, transaction and
 * audit as executeCommand, without the role gate, which was passed when the intent was recorded. The requester may
 * have been disabled or lost the role since (lib/auth/actor.ts findRequester): they are still who asked.
 */
export async function executeFollowUp<Schema extends z.ZodType, Output>(
  db: PrismaClient,
  command: Command<Schema, Output>,
  requester: Actor,
  input: z.input<Schema>,
): Promise<Output> {
  const parsed = command.input.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  return inTransaction(db, command, { actor: requester, input: parsed.data });
}

async function inTransaction<Schema extends z.ZodType, Output>(db: PrismaClient, command: Command<Schema, Output>, admitted: { actor: Actor; input: z.output<Schema> }) {
  try {
    return await db.$transaction(async (tx) => {
      const ctx = { tx, ...admitted };
      const check = await command.object?.(ctx);
      if (check) await requireAllowed(tx, admitted.actor, check);
      const { result, audit } = await command.run(ctx);
      await writeAudit(tx, admitted.actor, command.name, audit);
      return result;
    });
  } catch (error) {
    throw fromPrismaError(error);
  }
}

/**
 * The gate every command and query passes: signed in, holding the permission, with input zod accepts.
 * Role before input: a caller without the role learns nothing about what input would have been accepted.
 */
export function admit<Schema extends z.ZodType>(
  actor: Actor | null,
  permission: Permission,
  schema: Schema,
  rawInput: unknown,
  what: string,
): { actor: Actor; input: z.output<Schema> } {
  const admitted = authorize(actor, permission, what);
  const parsed = schema.safeParse(rawInput);
  if (!parsed.success) throw invalidInput(parsed.error);
  return { actor: admitted, input: parsed.data };
}

/** The role half of the gate, for callers that must decide before reading a request body. */
export function authorize(actor: Actor | null, permission: Permission, what: string): Actor {
  requireSignedIn(actor);
  if (!can(actor, permission)) {
    throw new AppError("FORBIDDEN", "Your role does not allow this action.", undefined, `${actor.email} lacks ${permission} for ${what}`);
  }
  return actor;
}

export function requireSignedIn(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again to continue.");
}

export function invalidInput(error: z.ZodError): AppError {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "input";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join(".")}: ` : "";
  return new AppError("INVALID_INPUT", `Please correct the input. ${where}${first?.message ?? ""}`.trim(), fieldErrors);
}

// With driver adapters, P2002 names the violated index in meta; its name is <table>_<columns>_key.
const UniqueViolation = z.object({
  driverAdapterError: z.object({ cause: z.object({ table: z.string(), constraint: z.object({ index: z.string() }) }) }),
});

/** "users_email_key" → "email", so the message says which value is taken. */
function takenField(meta: unknown): string {
  const parsed = UniqueViolation.safeParse(meta);
  if (!parsed.success) return "name";
  const { table, constraint } = parsed.data.driverAdapterError.cause;
  return constraint.index.replace(`${table}_`, "").replace(/_key$/, "").replaceAll("_", " ");
}

/** Prisma errors are recognised by code, never by message text. */
function fromPrismaError(error: unknown): unknown {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return error;
  if (error.code === "P2002") return new AppError("CONFLICT", `That ${takenField(error.meta)} is already taken.`, undefined, error.message);
  if (error.code === "P2025") return new AppError("NOT_FOUND", "That item no longer exists.", undefined, error.message);
  return error;
}
