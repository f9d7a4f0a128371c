import "server-only";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { parse } from "csv-parse/sync";
import type { PrismaClient } from "@/generated/prisma/client";
import { z } from "zod";
import { AppError } from "@/lib/commands/errors";
import { defineQuery } from "@/lib/commands/query";
import { idField } from "@/lib/validation/fields";
import { listPrefix, parseS3Uri, type S3Location } from "@/lib/storage/objects";
import { clientsFor } from "@/lib/aws/clients";

/**
 * A run's outputs live under `<OutputUri><execution name>/` (see lib/pipelines/asl.ts). Every key the browser
 * asks for is checked to be under that prefix, so the routes cannot be used to read other objects.
 */
async function runOutputs(db: PrismaClient, runId: string) {
  const run = await db.run.findUnique({ where: { id: runId }, select: { input: true, executionName: true, environment: true } });
  if (!run) throw new AppError("NOT_FOUND", "That run does not exist.");
  const outputUri = (run.input as { OutputUri?: unknown } | null)?.OutputUri;
  if (typeof outputUri !== "string") throw new AppError("NOT_FOUND", "This run has no output location.");
  const root = parseS3Uri(`${outputUri.endsWith("/") ? outputUri : `${outputUri}/`}${run.executionName}/`);
  return { root, s3: clientsFor(run.environment).s3 };
}

function within(root: S3Location, key: string): S3Location {
  if (!key.startsWith(root.key) || key.includes("..")) throw new AppError("INVALID_INPUT", "Please correct the input. key: must be inside this run's output prefix");
  return { bucket: root.bucket, key };
}

export async function listRunOutputs(db: PrismaClient, runId: string, prefix?: string) {
  const { root, s3 } = await runOutputs(db, runId);
  const location = within(root, prefix ?? root.key);
  const listed = await listPrefix(s3, location);
  return { bucket: root.bucket, root: root.key, prefix: location.key, ...listed };
}

/** The object as a stream (download), or its first bytes (CSV preview). */
export async function openRunOutput(db: PrismaClient, runId: string, key: string, headBytes?: number) {
  const { root, s3 } = await runOutputs(db, runId);
  const location = within(root, key);
  const out = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key, ...(headBytes ? { Range: `bytes=0-${headBytes - 1}` } : {}) })).catch((error: unknown) => {
    if (error instanceof Error && (error.name === "NoSuchKey" || error.name === "NotFound")) throw new AppError("NOT_FOUND", "That file is not in this run's outputs.");
    throw error;
  });
  if (!out.Body) throw new AppError("NOT_FOUND", "That file is empty.");
  return { body: out.Body, contentType: out.ContentType ?? "application/octet-stream", size: out.ContentLength ?? null, name: key.split("/").pop() ?? "output" };
}

/** The first rows of a CSV; the last line of a ranged read may be cut, so it is dropped unless the file ended. */
export function csvHead(text: string, complete: boolean, rows = 20): string[][] {
  const lines = text.split(/\r?\n/);
  const whole = complete ? lines : lines.slice(0, -1);
  return parse(whole.slice(0, rows + 1).join("\n"), { relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
}

export const outputListQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Run"), prefix: z.string().max(1024).optional() }),
  run: async ({ db, input }) => listRunOutputs(db, input.id, input.prefix),
});

export const outputObjectQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Run"), key: z.string().min(1).max(1024) }),
  run: async ({ db, input }) => openRunOutput(db, input.id, input.key),
});

const PREVIEW_BYTES = 64 * 1024;

export const outputPreviewQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Run"), key: z.string().min(1).max(1024) }),
  run: async ({ db, input }) => {
    const object = await openRunOutput(db, input.id, input.key, PREVIEW_BYTES);
    const text = await object.body.transformToString();
    const complete = text.length < PREVIEW_BYTES;
    return { name: object.name, rows: input.key.toLowerCase().endsWith(".csv") ? csvHead(text, complete) : null, text: text.slice(0, 4000) };
  },
});
