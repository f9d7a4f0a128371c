import "server-only";
import { NextResponse } from "next/server";
import { prisma } from "@/lib/db/prisma";
import { currentActor } from "@/lib/auth/session";
import type { Permission } from "@/lib/auth/permissions";
import { authorize } from "@/lib/commands/command";
import { AppError, HTTP_STATUS, toFailure } from "@/lib/commands/errors";
import { receiveWebhook, WEBHOOK_MAX_BYTES } from "@/lib/catalog/git/webhook";
import { readCappedBytes, readJsonBody, requireMediaType } from "./body";
import { mutationRoute } from "./route-handler";
import type { Operation } from "./server-action";
import { refuseNulCharacters } from "./text-input";

const MAX_JSON_BYTES = 100_000;

/** A JSON POST over an operation (an import fetches before its command runs): the door of every mutating route, then role, body, operation. */
export function jsonOperationRoute<Input, Output>(permission: Permission, what: string, operation: Operation<Input, Output>) {
  return mutationRoute("application/json", async (request) => {
    const actor = authorize(await currentActor(), permission, what);
    const input = await readJsonBody(request, MAX_JSON_BYTES);
    refuseNulCharacters(input);
    // The operation parses its input with its own zod schema (admit), so the body reaches it as it came.
    return NextResponse.json({ ok: true, data: await operation(prisma, actor, input as Input) });
  });
}

type WebhookContext = { params: Promise<Record<string, string | string[]>> };

/**
 * Git servers are not browsers: they carry no session and no Origin, so a webhook cannot pass mutationRoute's
 * same-origin door. Its proof is the repository's signature instead, checked on the raw body (capped first)
 * before anything is parsed or written (lib/catalog/git/webhook.ts). JSON only: a form-encoded delivery is refused with 415.
 */
export function webhookRoute() {
  return async (request: Request, context: WebhookContext): Promise<Response> => {
    try {
      requireMediaType(request.headers, "application/json");
      const body = await readCappedBytes(request, WEBHOOK_MAX_BYTES);
      const { id } = await context.params;
      if (typeof id !== "string") throw new AppError("NOT_FOUND", "No such webhook.");
      return NextResponse.json({ ok: true, data: await receiveWebhook(prisma, id, request.headers, body) });
    } catch (error) {
      const failure = toFailure(error);
      return NextResponse.json(failure, { status: failure.code === "INTERNAL" ? 500 : HTTP_STATUS[failure.code] });
    }
  };
}
