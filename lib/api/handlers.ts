import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import { authorize, executeCommand, type Command } from "@/lib/commands/command";
import { executeQuery, type Query } from "@/lib/commands/query";
import { AppError } from "@/lib/commands/errors";
import type { Operation } from "@/lib/http/server-action";
import { readJsonBody } from "@/lib/http/body";
import { readMultipart, type MultipartForm, type MultipartLimits } from "@/lib/http/multipart";
import { refuseNulCharacters } from "@/lib/http/text-input";
import type { EndpointContext } from "./endpoint";

const MAX_JSON_BYTES = 1_000_000;

/** The adapters every operation of /api/v1 is written with: the same commands, queries and operations as the UI. */

export async function jsonBody(ctx: EndpointContext): Promise<Record<string, unknown>> {
  const body = await readJsonBody(ctx.request, MAX_JSON_BYTES);
  refuseNulCharacters(body);
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new AppError("INVALID_INPUT", "The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

export function command<S extends z.ZodType, O>(ctx: EndpointContext, cmd: Command<S, O>, input: unknown): Promise<O> {
  return executeCommand(ctx.db, cmd, ctx.caller.actor, input);
}

export function query<S extends z.ZodType, O>(ctx: EndpointContext, q: Query<S, O>, input: unknown): Promise<O> {
  return executeQuery(ctx.db, q, ctx.caller.actor, input);
}

export function operation<I, O>(ctx: EndpointContext, op: Operation<I, O>, input: I): Promise<O> {
  return op(ctx.db, ctx.caller.actor, input);
}

/** A multipart body, read only once the caller is known to hold `permission` (the operation checks it again). */
export async function multipartBody(ctx: EndpointContext, permission: Permission, what: string, limits: MultipartLimits): Promise<MultipartForm> {
  authorize(ctx.caller.actor, permission, what);
  const form = await readMultipart(ctx.request, limits);
  refuseNulCharacters([...form.fields.values()]);
  return form;
}
