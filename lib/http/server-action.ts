import "server-only";
import type { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/prisma";
import { currentActor } from "@/lib/auth/session";
import { executeCommand, type Command } from "@/lib/commands/command";
import { executeQuery, type Query } from "@/lib/commands/query";
import { toFailure, type Result } from "@/lib/commands/errors";
import { refuseNulCharacters } from "./text-input";

/** Work that goes beyond one command (e.g. intent → AWS call → outcome); it runs its commands itself. */
export type Operation<Input, Output> = (db: PrismaClient, actor: Actor | null, input: Input) => Promise<Output>;

/**
 * Turns an operation into a server action. Export the result from a "use server" file; the caller's session
 * is read on the server for every call, whatever the page did or did not show. Bodies are small (1 MB, see
 * next.config.js) and checked in proxy.ts before Next parses them; uploads go to routes (lib/http).
 */
export function serverOperation<Input, Output>(operation: Operation<Input, Output>) {
  return async (input: Input): Promise<Result<Output>> => {
    try {
      refuseNulCharacters(input);
      return { ok: true, data: await operation(prisma, await currentActor(), input) };
    } catch (error) {
      return toFailure(error);
    }
  };
}

export function serverAction<Schema extends z.ZodType, Output>(command: Command<Schema, Output>) {
  return serverOperation<z.input<Schema>, Output>((db, actor, input) => executeCommand(db, command, actor, input));
}

export function serverQuery<Schema extends z.ZodType, Output>(query: Query<Schema, Output>) {
  return serverOperation<z.input<Schema>, Output>((db, actor, input) => executeQuery(db, query, actor, input));
}
