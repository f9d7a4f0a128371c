import "server-only";
import type { z } from "zod";
import { NextResponse } from "next/server";
import { prisma } from "@/lib/db/prisma";
import { currentActor } from "@/lib/auth/session";
import { authorize, executeCommand, type Command } from "@/lib/commands/command";
import { executeQuery, type Query } from "@/lib/commands/query";
import { AppError, HTTP_STATUS, toFailure } from "@/lib/commands/errors";

const MAX_BODY_BYTES = 1_000_000;

function failureResponse(error: unknown): NextResponse {
  const failure = toFailure(error);
  const status = failure.code === "INTERNAL" ? 500 : HTTP_STATUS[failure.code];
  return NextResponse.json(failure, { status });
}

/** A JSON POST route over a command: the same pipeline as the server action of the same name. */
export function commandRoute<Schema extends z.ZodType, Output>(command: Command<Schema, Output>) {
  return async (request: Request): Promise<NextResponse> => {
    try {
      const actor = authorize(await currentActor(), command.permission, command.name);
      const data = await executeCommand(prisma, command, actor, await readJson(request));
      return NextResponse.json({ ok: true, data });
    } catch (error) {
      return failureResponse(error);
    }
  };
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * A GET route over a query; its input is the route's params plus the search params. `respond` shapes the
 * answer (JSON by default; downloads set their own headers).
 */
export function queryRoute<Schema extends z.ZodType, Output>(
  query: Query<Schema, Output>,
  respond: (data: Output) => Response = (data) => NextResponse.json(data),
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const input = { ...Object.fromEntries(new URL(request.url).searchParams), ...(await context.params) };
      return respond(await executeQuery(prisma, query, await currentActor(), input));
    } catch (error) {
      return failureResponse(error);
    }
  };
}

/** A JSON file download, named so browsers save it rather than show it. */
export function jsonDownload(filename: string, body: unknown): Response {
  return new Response(`${JSON.stringify(body, null, 2)}\n`, {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"` },
  });
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
