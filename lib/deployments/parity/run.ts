import { DescribeExecutionCommand, ExecutionAlreadyExists, StartExecutionCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { findRequester } from "@/lib/auth/actor";
import type { Actor } from "@/lib/auth/permissions";
import { clientsFor } from "@/lib/aws/clients";
import { writeAudit } from "@/lib/audit/write";
import { executeCommand, requireSignedIn } from "@/lib/commands/command";
import { asJson } from "@/lib/db/json";
import { plainWords, publishStateMachine } from "@/lib/environments/state-machines";
import { stateMachineArn, stateMachineRoleArn } from "@/lib/environments/target";
import type { JobPayload } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/enqueue";
import { buildExecutionInput } from "@/lib/pipelines/input";
import { executionArnFor } from "@/lib/pipelines/names";
import { ensureBucket, getObjectBytes, parseS3Uri, putObject, s3Uri } from "@/lib/storage/objects";
import { Artifacts } from "../artifacts";
import { ParityRecord } from "../approval";
import { loadContext } from "../context";
import { parityStateMachineName } from "../naming";
import { compareTables, type Comparison } from "./compare";
import { formatOf, parseTable } from "./tables";
import { startParity } from "./start";

export type ParityOptions = { timeoutMs?: number; pollMs?: number };
type Payload = JobPayload<"deployments.parity">;
type Outcome = Pick<ParityRecord, "status" | "error"> & { comparison?: Comparison; outputUri?: string };

const DEFAULT_TIMEOUT_MS = 15 * 60_000;
const CHECK_EVERY_SECONDS = 5;

/**
 * What the Run parity button calls: the intent and its job (./start.ts), answered at once. The page shows
 * RUNNING and refreshes until the worker has written the verdict.
 */
export async function requestParity(db: PrismaClient, actor: Actor | null, input: z.input<typeof startParity.input>) {
  const { id, startedAt } = await executeCommand(db, startParity, actor, input);
  return { id, status: "RUNNING" as const, startedAt };
}

/** The file of the last step's output to compare: the legacy file's name if the step wrote one, else the first of the same format. */
async function findOutput(s3: S3Client, prefix: string, legacyName: string): Promise<string> {
  const { bucket, key } = parseS3Uri(prefix);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1000 }));
  const keys = (listed.Contents ?? []).map((o) => o.Key ?? "").filter(Boolean).sort();
  const wanted = keys.find((k) => k.endsWith(`/${legacyName}`)) ?? keys.find((k) => formatOf(k) === formatOf(legacyName));
  if (!wanted) throw new Error(`the last step wrote no .${formatOf(legacyName)} file under ${prefix} (found: ${keys.map((k) => k.slice(key.length)).join(", ") || "nothing"})`);
  return s3Uri({ bucket, key: wanted });
}

const text = async (s3: S3Client, uri: string) => new TextDecoder().decode(await getObjectBytes(s3, parseS3Uri(uri)));

async function loadAttempt(db: PrismaClient, payload: Payload) {
  const d = await db.deployment.findUnique({ where: { id: payload.deploymentId }, select: { id: true, modelId: true, pipelineVersionId: true, environmentId: true, artifacts: true, parity: true } });
  const record = ParityRecord.safeParse(d?.parity);
  // Only this attempt, and only while it runs: a newer attempt or a verdict already written ends this job.
  if (!d || !record.success || record.data.startedAt !== payload.startedAt || record.data.status !== "RUNNING") return null;
  return { d, record: record.data, ctx: await loadContext(db, d) };
}
type Attempt = NonNullable<Awaited<ReturnType<typeof loadAttempt>>>;

/**
 * Launch: the files into the environment's bucket, the request's pipeline version published as the parity
 * machine's version, and the execution `parity-<attempt>` on it. Every call is idempotent (same keys, same
 * definition, same execution name), so a launch retried after a crash starts nothing twice.
 */
async function launch(db: PrismaClient, { d, record, ctx }: Attempt, payload: Payload, sfn: SFNClient, s3: S3Client): Promise<string> {
  if (!payload.files) throw new Error("the uploaded files are no longer available; attach the evidence again");
  await ensureBucket(s3, ctx.environment.bucket);
  await putObject(s3, parseS3Uri(`${record.goldenInputUri}${payload.files.goldenInput.fileName}`), payload.files.goldenInput.content, "text/plain");
  await putObject(s3, parseS3Uri(record.legacyOutputUri), payload.files.legacyOutput.content, "text/plain");
  const name = parityStateMachineName(d.id);
  const machine = await publishStateMachine(sfn, {
    arn: stateMachineArn(ctx.environment, name),
    name,
    definition: JSON.stringify(ctx.version.definition),
    roleArn: stateMachineRoleArn(ctx.environment),
    ownership: { kind: "parity", owner: d.id },
    tags: { "ferry:pipeline": ctx.version.pipeline.name, "ferry:version": String(ctx.version.version) },
    versionDescription: `Ferry parity for request ${d.id}: ${ctx.version.pipeline.name} v${ctx.version.version}`,
  });
  const parameters = Artifacts.parse(d.artifacts).parameters;
  const built = buildExecutionInput(ctx.spec, { ...parameters, inputUri: record.goldenInputUri, outputUri: payload.outputUri });
  if (!built.success) throw new Error(`the execution input does not validate: ${built.error.issues[0]?.message ?? "unknown"}`);
  const executionName = `parity-${payload.attempt}`;
  let executionArn = executionArnFor(machine.versionArn, executionName);
  try {
    // On the version just published: an update of the machine in between cannot change what the evidence ran.
    executionArn = (await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.versionArn, name: executionName, input: JSON.stringify(built.data) }))).executionArn ?? executionArn;
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
  await saveRecord(db, payload, { ...record, executionArn });
  return executionArn;
}

/** The verdict once the execution has finished, or null while it runs. */
async function look(attempt: Attempt, payload: Payload, executionArn: string, sfn: SFNClient, s3: S3Client, timeoutMs: number): Promise<Outcome | null> {
  const finished = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  if (finished.status === "RUNNING" || finished.status === "PENDING_REDRIVE") {
    if (Date.now() - Date.parse(attempt.record.startedAt) < timeoutMs) return null;
    throw new Error(`the parity execution did not finish within ${Math.round(timeoutMs / 1000)} s; it keeps running in the environment (${executionArn})`);
  }
  if (finished.status !== "SUCCEEDED") throw new Error(`the pipeline ${finished.status === "ABORTED" ? "was stopped" : (finished.status?.toLowerCase() ?? "failed")} on the golden input: ${finished.error ?? ""} ${finished.cause ?? ""}`.trim());
  const last = attempt.ctx.spec.steps.at(-1);
  const output = last?.outputs[0];
  if (!last || !output) throw new Error("the pipeline has no output to compare");
  const executionName = `parity-${payload.attempt}`;
  const outputUri = await findOutput(s3, `${payload.outputUri}${executionName}/${last.key}/${output.name}/`, payload.legacyFileName);
  const legacy = await text(s3, attempt.record.legacyOutputUri);
  const comparison = compareTables(parseTable(payload.legacyFileName, legacy), parseTable(outputUri, await text(s3, outputUri)), attempt.record.tolerance);
  return { status: comparison.verdict, error: null, comparison, outputUri };
}

async function saveRecord(db: PrismaClient, payload: Payload, record: ParityRecord & { outputUri?: string }) {
  await db.$transaction(async (tx) => {
    const current = await tx.deployment.findUniqueOrThrow({ where: { id: payload.deploymentId }, select: { parity: true } });
    const now = ParityRecord.safeParse(current.parity);
    if (now.success && now.data.startedAt === payload.startedAt && now.data.status === "RUNNING") await tx.deployment.update({ where: { id: payload.deploymentId }, data: { parity: asJson(record) } });
  });
}

async function finish(db: PrismaClient, attempt: Attempt, payload: Payload, outcome: Outcome, executionArn: string | null) {
  const final: ParityRecord & { outputUri?: string } = { ...attempt.record, ...outcome, executionArn, finishedAt: new Date().toISOString() };
  await saveRecord(db, payload, final);
  const requester = await findRequester(db, payload.actorId);
  const words = final.status === "ERROR" ? `could not finish: ${final.error}` : `${final.status}: ${outcome.comparison?.summary ?? ""}`;
  await db.$transaction((tx) => writeAudit(tx, requester, "deployments.parity_finished", { targetType: "deployment", targetId: attempt.d.id, summary: `Parity ${words}`.slice(0, 1000) }));
  return final;
}

/**
 * One step of a parity run: launch it if it has not been, else look at the execution, and write the verdict
 * (PASS, FAIL, or ERROR with the reason) once it has finished. "waiting" means: look again later.
 */
export async function parityStep(db: PrismaClient, payload: Payload, options: ParityOptions = {}): Promise<"waiting" | "done"> {
  const attempt = await loadAttempt(db, payload);
  if (!attempt) return "done";
  // The role session names who asked for the evidence (CloudTrail), as a request would.
  const { sfn, s3 } = clientsFor(attempt.ctx.environment, { email: attempt.record.requestedBy });
  let executionArn = attempt.record.executionArn;
  try {
    executionArn ??= await launch(db, attempt, payload, sfn, s3);
    const outcome = await look(attempt, payload, executionArn, sfn, s3, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (!outcome) return "waiting";
    await finish(db, attempt, payload, outcome, executionArn);
  } catch (error) {
    await finish(db, attempt, payload, { status: "ERROR", error: plainWords(error) }, executionArn);
  }
  return "done";
}

/** The job: one step, then (while the execution runs) the next look, queued CHECK_EVERY_SECONDS later without the files. */
export async function parityJob(db: PrismaClient, payload: Payload): Promise<void> {
  if ((await parityStep(db, payload)) === "done") return;
  await db.$transaction((tx) => enqueue(tx, "deployments.parity", { ...payload, files: undefined }, { startAfterSeconds: CHECK_EVERY_SECONDS }));
}

/** Parity evidence, waited for in this process (tests): the same intent and job, stepped here until the verdict. */
export async function runParity(db: PrismaClient, actor: Actor | null, rawInput: z.input<typeof startParity.input>, options: ParityOptions = {}) {
  requireSignedIn(actor);
  const started = await executeCommand(db, startParity, actor, rawInput);
  const input = startParity.input.parse(rawInput);
  const payload: Payload = {
    deploymentId: started.id,
    actorId: actor.id,
    startedAt: started.startedAt,
    attempt: started.attempt,
    outputUri: started.outputUri,
    legacyFileName: input.legacyOutput.fileName,
    files: { goldenInput: input.goldenInput, legacyOutput: input.legacyOutput },
  };
  while ((await parityStep(db, payload, options)) === "waiting") await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1_000));
  const d = await db.deployment.findUniqueOrThrow({ where: { id: started.id }, select: { parity: true } });
  return ParityRecord.extend({ outputUri: ParityRecord.shape.goldenInputUri.optional() }).parse(d.parity);
}
