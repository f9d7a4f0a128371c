import "server-only";
import type { z } from "zod";
import { prisma } from "@/lib/db/prisma";
import { currentActor } from "@/lib/auth/session";
import { executeCommand, type Command } from "./command";
import { toFailure, type Result } from "./errors";

/**
 * Turns a command into a server action. Export the result from a "use server" file; the caller's session is
 * read on the server for every call, whatever the page did or did not show.
 */
export function serverAction<Schema extends z.ZodType, Output>(command: Command<Schema, Output>) {
  return async (input: z.input<Schema>): Promise<Result<Output>> => {
    try {
      return { ok: true, data: await executeCommand(prisma, command, await currentActor(), input) };
    } catch (error) {
      return toFailure(error);
    }
  };
}
