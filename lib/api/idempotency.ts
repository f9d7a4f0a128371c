import { createHash } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Command } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { asJson } from "@/lib/db/json";
import { ApiProblem } from "./problem";

/** Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): 1–255 visible ASCII characters, e.g. a UUID. */
export const IdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key is 1 to 255 visible ASCII characters, e.g. a UUID")
  .meta({ description: "Send the same key again (with the same body) to get the first answer instead of a second start" });

/** Keys are kept this long; the same key after that is a new request. */
const KEEP_HOURS = 24;

export type Remembered = { status: number; response: unknown };
export type Idempotency = { key: string; requestHash: string; userId: string };

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash("sha256").update(`${method} ${path}\n${JSON.stringify(body)}`).digest("hex");
}

export function idempotencyOf(request: Request, userId: string, body: unknown): Idempotency | null {
  const header = request.headers.get("idempotency-key");
  if (header === null) return null;
  const key = IdempotencyKey.safeParse(header);
  if (!key.success) throw new AppError("INVALID_INPUT", key.error.issues[0]?.message ?? "Invalid Idempotency-Key", { "Idempotency-Key": [key.error.issues[0]?.message ?? "invalid"] });
  return { key: key.data, userId, requestHash: requestHash(request.method, new URL(request.url).pathname, body) };
}

/** The first answer for this key, or null when the key is new; the same key with another request is refused. */
export async function rememberedAnswer(db: PrismaClient, idem: Idempotency): Promise<Remembered | null> {
  const row = await db.apiIdempotencyKey.findUnique({
    where: { userId_key: { userId: idem.userId, key: idem.key } },
    select: { requestHash: true, status: true, response: true, createdAt: true },
  });
  if (!row || row.createdAt.getTime() < Date.now() - KEEP_HOURS * 3_600_000) return null;
  if (row.requestHash !== idem.requestHash) {
    throw new ApiProblem("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used for another request (another path or body); use a new key for a new request.");
  }
  return { status: row.status, response: row.response };
}

/**
 * The command with its key: the key's row is written in the command's own transaction, before its intent, so the
 * intent and the remembered answer commit together or not at all. A second request racing with the same key
 * waits on the key's primary key and then fails; `answerOnce` turns that into the first answer.
 */
export function withIdempotency<S extends z.ZodType, O>(command: Command<S, O>, idem: Idempotency, status: number, answer: (result: O) => unknown): Command<S, O> {
  return {
    ...command,
    run: async (ctx) => {
      await ctx.tx.apiIdempotencyKey.deleteMany({ where: { userId: idem.userId, key: idem.key, createdAt: { lt: new Date(Date.now() - KEEP_HOURS * 3_600_000) } } });
      await ctx.tx.apiIdempotencyKey.create({ data: { userId: idem.userId, key: idem.key, requestHash: idem.requestHash, status, response: {} } });
      const outcome = await command.run(ctx);
      await ctx.tx.apiIdempotencyKey.update({ where: { userId_key: { userId: idem.userId, key: idem.key } }, data: { response: asJson(answer(outcome.result) as object) } });
      return outcome;
    },
  };
}

/** Runs `first` for a new key, or answers what the first request with this key answered. */
export async function answerOnce(db: PrismaClient, idem: Idempotency | null, first: () => Promise<Remembered>): Promise<Remembered & { replayed: boolean }> {
  if (idem) {
    const earlier = await rememberedAnswer(db, idem);
    if (earlier) return { ...earlier, replayed: true };
  }
  try {
    return { ...(await first()), replayed: false };
  } catch (error) {
    const raced = idem && error instanceof AppError && error.code === "CONFLICT" ? await rememberedAnswer(db, idem) : null;
    if (raced) return { ...raced, replayed: true };
    throw error;
  }
}
