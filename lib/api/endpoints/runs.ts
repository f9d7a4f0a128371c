import { z } from "zod";
import { authorize } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { download } from "@/lib/http/route-handler";
import { BulkStartInput, bulkStartProgress, requestBulkStart } from "@/lib/runs/bulk-start";
import { createRun } from "@/lib/runs/commands";
import { dispatchRun } from "@/lib/runs/dispatch";
import { RunFilters, filtersFromSearchParams } from "@/lib/runs/filters";
import { redrive, stop } from "@/lib/runs/operations";
import { listRuns } from "@/lib/runs/list";
import { runDetailQuery, stepLogQuery } from "@/lib/runs/detail";
import { outputListQuery, outputObjectQuery } from "@/lib/runs/outputs";
import { defineEndpoint, type EndpointContext } from "../endpoint";
import { command, jsonBody, operation, query } from "../handlers";
import { answerOnce, IdempotencyKey, idempotencyOf, withIdempotency, type Remembered } from "../idempotency";
import { nextLink, respond } from "../respond";
import { BulkStarted, BulkStartProgress, LogChunk, OutputList, Page, Run, RunRef, RunStarted, RunSummary, StepList } from "../schemas";
import { PROBLEM } from "./meta";

const RunPath = z.object({ run: z.uuid() });
const RunPage = Page(RunSummary, "RunPage");
const IdempotencyHeader = z.object({ "Idempotency-Key": IdempotencyKey.optional() });

export const listRunsEndpoint = defineEndpoint({
  method: "GET",
  path: "/runs",
  operationId: "listRuns",
  tag: "Runs",
  summary: "Runs, newest first (the filters of /runs; status takes several, comma separated)",
  query: RunFilters,
  responses: { 200: { description: "One page of runs", schema: RunPage }, 401: PROBLEM, 403: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "catalog:read", "runs.list");
    const page = await listRuns(ctx.db, filtersFromSearchParams(ctx.query));
    return respond(RunPage, { data: page.runs, next: page.nextCursor }, { headers: nextLink(ctx.request, "cursor", page.nextCursor) });
  },
});

/** The answer of a start, new or remembered: the same status, body and Location either way. */
function started(answer: Remembered & { replayed: boolean }, schema: z.ZodType, location: (body: Record<string, unknown>) => string | null) {
  const body = answer.response as Record<string, unknown>;
  const where = location(body);
  return respond(schema, body, { status: answer.status, headers: { ...(where ? { Location: where } : {}), ...(answer.replayed ? { "Idempotent-Replayed": "true" } : {}) } });
}

export const startRunEndpoint = defineEndpoint({
  method: "POST",
  path: "/runs",
  operationId: "startRun",
  tag: "Runs",
  summary: "Start a run of a live deployment; with an Idempotency-Key a retry answers the first start instead of starting again",
  headers: IdempotencyHeader,
  body: { mediaType: "application/json", schema: z.object({ deploymentId: z.uuid() }).meta({ id: "RunRequest" }) },
  responses: { 201: { description: "The run, written and dispatched (follow it with GET /runs/{run})", schema: RunStarted }, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    const actor = authorize(ctx.caller.actor, "runs:start", "runs.create");
    const body = await jsonBody(ctx);
    const idem = idempotencyOf(ctx.request, actor.id, body);
    const answer = await answerOnce(ctx.db, idem, async () => {
      const run = await command(ctx, idem ? withIdempotency(createRun, idem, 201, (r) => r) : createRun, body);
      await dispatchRun(ctx.db, run.id, { principal: actor });
      return { status: 201, response: run };
    });
    return started(answer, RunStarted, (run) => `/api/v1/runs/${String(run.id)}`);
  },
});

export const startBulkEndpoint = defineEndpoint({
  method: "POST",
  path: "/bulk-starts",
  operationId: "startRuns",
  tag: "Runs",
  summary: "Start one run per deployment (up to 500), queued for the workers; an Idempotency-Key makes a retry safe",
  headers: IdempotencyHeader,
  body: { mediaType: "application/json", schema: BulkStartInput.meta({ id: "BulkStartRequest" }) },
  responses: { 202: { description: "Queued (follow it with GET /bulk-starts/{bulkStart})", schema: BulkStarted }, 401: PROBLEM, 403: PROBLEM, 409: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    const actor = authorize(ctx.caller.actor, "runs:start", "runs.start_bulk");
    const body = await jsonBody(ctx);
    const idem = idempotencyOf(ctx.request, actor.id, body);
    const answer = await answerOnce(ctx.db, idem, async () => {
      const queued = await command(ctx, idem ? withIdempotency(requestBulkStart, idem, 202, (q) => q) : requestBulkStart, body);
      return { status: 202, response: queued };
    });
    return started(answer, BulkStarted, (queued) => `/api/v1/bulk-starts/${String(queued.bulkStartId)}`);
  },
});

export const getBulkStart = defineEndpoint({
  method: "GET",
  path: "/bulk-starts/{bulkStart}",
  operationId: "getBulkStart",
  tag: "Runs",
  summary: "How far your bulk start is, item by item",
  params: z.object({ bulkStart: z.uuid() }),
  responses: { 200: { description: "Its items", schema: BulkStartProgress }, 401: PROBLEM, 404: PROBLEM },
  handle: async (ctx) => respond(BulkStartProgress, await operation(ctx, bulkStartProgress, { bulkStartId: ctx.params.bulkStart ?? "" })),
});

const runOf = (ctx: EndpointContext) => query(ctx, runDetailQuery, { id: ctx.params.run });

export const getRunEndpoint = defineEndpoint({
  method: "GET",
  path: "/runs/{run}",
  operationId: "getRun",
  tag: "Runs",
  summary: "A run with its steps",
  params: RunPath,
  responses: { 200: { description: "The run", schema: Run }, 401: PROBLEM, 404: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => respond(Run, await runOf(ctx)),
});

export const listStepsEndpoint = defineEndpoint({
  method: "GET",
  path: "/runs/{run}/steps",
  operationId: "listSteps",
  tag: "Runs",
  summary: "A run's steps in pipeline order",
  params: RunPath,
  responses: { 200: { description: "The steps", schema: StepList }, 401: PROBLEM, 404: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => respond(StepList, { data: (await runOf(ctx)).steps }),
});

export const stopRunEndpoint = defineEndpoint({
  method: "POST",
  path: "/runs/{run}/stop",
  operationId: "stopRun",
  tag: "Runs",
  summary: "Stop a pending or running run (its starter, the model's owner, MLOps engineers, admins)",
  params: RunPath,
  responses: { 200: { description: "Stopped", schema: RunRef }, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM },
  handle: async (ctx) => respond(RunRef, await operation(ctx, stop, { runId: ctx.params.run ?? "" })),
});

export const redriveRunEndpoint = defineEndpoint({
  method: "POST",
  path: "/runs/{run}/redrive",
  operationId: "redriveRun",
  tag: "Runs",
  summary: "Redrive a failed, timed-out or stopped run from where it failed",
  params: RunPath,
  responses: { 200: { description: "Redriven", schema: RunRef }, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM },
  handle: async (ctx) => respond(RunRef, await operation(ctx, redrive, { runId: ctx.params.run ?? "" })),
});

export const stepLogsEndpoint = defineEndpoint({
  method: "GET",
  path: "/runs/{run}/steps/{step}/logs",
  operationId: "getStepLogs",
  tag: "Runs",
  summary: "A step's job log from CloudWatch Logs, a page at a time; pass `next` back to follow it",
  params: RunPath.extend({ step: z.string().min(1).max(80) }),
  query: z.object({ next: z.string().max(200).optional().meta({ description: "The `next` of the previous page" }) }),
  responses: { 200: { description: "A page of the log", schema: LogChunk }, 401: PROBLEM, 404: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => respond(LogChunk, await query(ctx, stepLogQuery, { id: ctx.params.run, step: ctx.params.step, offset: ctx.query.next })),
});

export const listOutputsEndpoint = defineEndpoint({
  method: "GET",
  path: "/runs/{run}/outputs",
  operationId: "listOutputs",
  tag: "Runs",
  summary: "The files a run wrote, one folder level at a time",
  params: RunPath,
  query: z.object({ prefix: z.string().max(1024).optional().meta({ description: "A folder inside the run's outputs (a `folders` entry)" }) }),
  responses: { 200: { description: "Files and folders", schema: OutputList }, 401: PROBLEM, 404: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => respond(OutputList, await query(ctx, outputListQuery, { id: ctx.params.run, prefix: ctx.query.prefix })),
});

export const getOutputEndpoint = defineEndpoint({
  method: "GET",
  path: "/runs/{run}/outputs/object",
  operationId: "downloadOutput",
  tag: "Runs",
  summary: "Download one output file (streamed, as an attachment)",
  params: RunPath,
  query: z.object({ key: z.string().min(1).max(1024).meta({ description: "An `objects[].key` of the output list" }) }),
  responses: { 200: { description: "The file's bytes", schema: z.string().meta({ format: "binary" }), contentType: "application/octet-stream" }, 401: PROBLEM, 404: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    if (!ctx.query.key) throw new AppError("INVALID_INPUT", "Name the file with ?key=…", { key: ["Required"] });
    const object = await query(ctx, outputObjectQuery, { id: ctx.params.run, key: ctx.query.key });
    return download(object.name, object.body.transformToWebStream(), { "Content-Type": object.contentType, ...(object.size !== null ? { "Content-Length": String(object.size) } : {}) });
  },
});
