import "server-only";
import type { z } from "zod";
import { NextResponse } from "next/server";
import { prisma } from "@/lib/db/prisma";
import { currentActor } from "@/lib/auth/session";
import { executeCommand, type Command } from "@/lib/commands/command";
import { AppError, HTTP_STATUS, toFailure } from "@/lib/commands/errors";

const MAX_BODY_BYTES = 1_000_000;

/** A JSON POST route over a command: the same pipeline as the server action of the same name. */
export function commandRoute<Schema extends z.ZodType, Output>(command: Command<Schema, Output>) {
  return async (request: Request): Promise<NextResponse> => {
    try {
      const input = await readJson(request);
      const data = await executeCommand(prisma, command, await currentActor(), input);
      return NextResponse.json({ ok: true, data });
    } catch (error) {
      const failure = toFailure(error);
      const status = failure.code === "INTERNAL" ? 500 : HTTP_STATUS[failure.code];
      return NextResponse.json(failure, { status });
    }
  };
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError("INVALID_INPUT", "The request body is too large (1 MB at most).");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "The request body must be JSON.");
  }
}
