import { DescribeExecutionCommand, StartExecutionCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { clientsFor } from "@/lib/aws/clients";
import { writeAudit } from "@/lib/commands/audit";
import { executeCommand, requireSignedIn } from "@/lib/commands/command";
import { asJson } from "@/lib/db/json";
import { plainWords, publishStateMachine } from "@/lib/environments/state-machines";
import { stateMachineArn, stateMachineRoleArn } from "@/lib/environments/target";
import { buildExecutionInput } from "@/lib/pipelines/input";
import { ensureBucket, getObjectBytes, parseS3Uri, putObject, s3Uri } from "@/lib/storage/objects";
import { Artifacts } from "../artifacts";
import { ParityRecord } from "../approval";
import { loadContext } from "../context";
import { parityStateMachineName } from "../naming";
import { compareTables, type Comparison } from "./compare";
import { formatOf, parseTable } from "./tables";
import { startParity } from "./start";

export type ParityOptions = { timeoutMs?: number; pollMs?: number };

const DEFAULT_TIMEOUT_MS = 15 * 60_000;

async function waitForExecution(sfn: SFNClient, executionArn: string, { timeoutMs = DEFAULT_TIMEOUT_MS, pollMs = 1_000 }: ParityOptions) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== "RUNNING" && described.status !== "PENDING_REDRIVE") return described;
    if (Date.now() > deadline) throw new Error(`the parity execution did not finish within ${Math.round(timeoutMs / 1000)} s; it keeps running in the environment (${executionArn})`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
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

/**
 * Parity evidence: runs the request's pipeline version on the golden input, in the request's environment, with
 * the request's parameters (only input and output locations differ), then compares the last step's output with
 * the legacy output. The verdict (PASS, FAIL, or ERROR with the reason) is stored on the request.
 */
export async function runParity(db: PrismaClient, actor: Actor | null, rawInput: unknown, options: ParityOptions = {}) {
  requireSignedIn(actor);
  const started = await executeCommand(db, startParity, actor, rawInput);
  const input = startParity.input.parse(rawInput);
  const d = await db.deployment.findUniqueOrThrow({ where: { id: started.id }, select: { id: true, modelId: true, pipelineVersionId: true, environmentId: true, artifacts: true, parity: true } });
  const record = ParityRecord.parse(d.parity);
  const ctx = await loadContext(db, d);
  const parameters = Artifacts.parse(d.artifacts).parameters;
  const { sfn, s3 } = clientsFor(ctx.environment, actor);
  let executionArn: string | null = null;
  let outcome: Pick<ParityRecord, "status" | "error"> & { comparison?: Comparison; outputUri?: string };
  try {
    await ensureBucket(s3, ctx.environment.bucket);
    await putObject(s3, parseS3Uri(`${started.goldenInputUri}${input.goldenInput.fileName}`), input.goldenInput.content, "text/plain");
    await putObject(s3, parseS3Uri(started.legacyOutputUri), input.legacyOutput.content, "text/plain");
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
    const built = buildExecutionInput(ctx.spec, { ...parameters, inputUri: started.goldenInputUri, outputUri: started.outputUri });
    if (!built.success) throw new Error(`the execution input does not validate: ${built.error.issues[0]?.message ?? "unknown"}`);
    const executionName = `parity-${started.attempt}`;
    // On the version just published: an update of the machine in between cannot change what the evidence ran.
    const execution = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.versionArn, name: executionName, input: JSON.stringify(built.data) }));
    executionArn = execution.executionArn ?? null;
    const finished = await waitForExecution(sfn, executionArn ?? "", options);
    if (finished.status !== "SUCCEEDED") throw new Error(`the pipeline ${finished.status?.toLowerCase() ?? "failed"} on the golden input: ${finished.error ?? ""} ${finished.cause ?? ""}`.trim());
    const last = ctx.spec.steps.at(-1);
    const output = last?.outputs[0];
    if (!last || !output) throw new Error("the pipeline has no output to compare");
    const outputUri = await findOutput(s3, `${started.outputUri}${executionName}/${last.key}/${output.name}/`, input.legacyOutput.fileName);
    const comparison = compareTables(parseTable(input.legacyOutput.fileName, input.legacyOutput.content), parseTable(outputUri, await text(s3, outputUri)), record.tolerance);
    outcome = { status: comparison.verdict, error: null, comparison, outputUri };
  } catch (error) {
    outcome = { status: "ERROR", error: plainWords(error) };
  }
  const final: ParityRecord & { outputUri?: string } = { ...record, ...outcome, executionArn, finishedAt: new Date().toISOString() };
  return db.$transaction(async (tx) => {
    // Only this attempt's record is replaced: a newer attempt (after this one timed out) keeps its own.
    const current = await tx.deployment.findUniqueOrThrow({ where: { id: d.id }, select: { parity: true } });
    const now = ParityRecord.safeParse(current.parity);
    if (now.success && now.data.startedAt === record.startedAt) await tx.deployment.update({ where: { id: d.id }, data: { parity: asJson(final) } });
    const words = final.status === "ERROR" ? `could not finish: ${final.error}` : `${final.status}: ${outcome.comparison?.summary ?? ""}`;
    await writeAudit(tx, actor, "deployments.parity_finished", { targetType: "deployment", targetId: d.id, summary: `Parity ${words}`.slice(0, 1000) });
    return final;
  });
}
