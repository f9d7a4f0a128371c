import "server-only";
import type { z } from "zod";
import { NextResponse } from "next/server";
import { prisma } from "@/lib/db/prisma";
import { baseUrl } from "@/lib/config/env";
import { currentActor } from "@/lib/auth/session";
import type { Permission } from "@/lib/auth/permissions";
import { authorize, executeCommand, type Command } from "@/lib/commands/command";
import { executeQuery, type Query } from "@/lib/commands/query";
import type { Operation } from "./server-action";
import { AppError, HTTP_STATUS, toFailure } from "@/lib/commands/errors";
import { readJsonBody, requireMediaType, type MediaType } from "./body";
import { readMultipart, type MultipartForm, type MultipartLimits } from "./multipart";
import { crossOriginRefusal, originOf } from "./same-origin";
import { refuseNulCharacters } from "./text-input";

const MAX_JSON_BYTES = 1_000_000;

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler = (request: Request, context: RouteContext) => Promise<Response>;

function failureResponse(error: unknown): NextResponse {
  const failure = toFailure(error);
  const status = failure.code === "INTERNAL" ? 500 : HTTP_STATUS[failure.code];
  return NextResponse.json(failure, { status });
}

/**
 * The one door for every route that changes something: a same-origin proof and the route's media type are
 * checked before the session, the body or anything else, so no route can forget them (tests/web/route-guards.test.ts).
 */
export function mutationRoute(mediaType: MediaType, handle: Handler): Handler {
  return async (request, context) => {
    try {
      const refusal = crossOriginRefusal(request.headers, originOf(baseUrl()));
      if (refusal) throw new AppError("FORBIDDEN", refusal);
      requireMediaType(request.headers, mediaType);
      return await handle(request, context);
    } catch (error) {
      return failureResponse(error);
    }
  };
}

/** A JSON POST route over a command: the same pipeline as the server action of the same name. */
export function commandRoute<Schema extends z.ZodType, Output>(command: Command<Schema, Output>): Handler {
  return mutationRoute("application/json", async (request) => {
    const actor = authorize(await currentActor(), command.permission, command.name);
    const input = await readJsonBody(request, MAX_JSON_BYTES);
    refuseNulCharacters(input);
    return NextResponse.json({ ok: true, data: await executeCommand(prisma, command, actor, input) });
  });
}

export type UploadRoute<Input, Output> = {
  /** Checked before a byte of the body is read; the operation checks it again with the object rules. */
  permission: Permission;
  what: string;
  limits: MultipartLimits;
  /** The operation's input from the streamed form and the route's params. */
  input: (form: MultipartForm, params: Record<string, string | string[]>) => Input;
  operation: Operation<Input, Output>;
};

/**
 * A multipart upload streamed with limits into an existing operation. Uploads are too large for server
 * actions, whose bodies Next parses before Ferry knows the caller; here the caller is known first.
 */
export function uploadRoute<Input, Output>(route: UploadRoute<Input, Output>): Handler {
  return mutationRoute("multipart/form-data", async (request, context) => {
    const actor = authorize(await currentActor(), route.permission, route.what);
    const form = await readMultipart(request, route.limits);
    const input = route.input(form, await context.params);
    refuseNulCharacters(input);
    return NextResponse.json({ ok: true, data: await route.operation(prisma, actor, input) });
  });
}

/**
 * A GET route over a query; its input is the route's params plus the search params. `respond` shapes the
 * answer (JSON by default; downloads use `download`).
 */
export function queryRoute<Schema extends z.ZodType, Output>(
  query: Query<Schema, Output>,
  respond: (data: Output) => Response = (data) => NextResponse.json(data),
): Handler {
  return async (request, context) => {
    try {
      const input = { ...Object.fromEntries(new URL(request.url).searchParams), ...(await context.params) };
      refuseNulCharacters(input);
      return respond(await executeQuery(prisma, query, await currentActor(), input));
    } catch (error) {
      return failureResponse(error);
    }
  };
}

/**
 * A file answer browsers save rather than render: `attachment` and nosniff, so an uploaded script or a job's
 * output can never run as a page of Ferry's origin.
 */
export function download(filename: string, body: BodyInit, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "application/octet-stream",
      ...headers,
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_") || "download"}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** A JSON file download. */
export function jsonDownload(filename: string, body: unknown): Response {
  return download(filename, `${JSON.stringify(body, null, 2)}\n`, { "Content-Type": "application/json; charset=utf-8" });
}
