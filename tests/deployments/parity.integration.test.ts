// Parity evidence for real: the pipeline runs on a golden input in the embedded engine (three sandboxed jobs),
// and the last step's output is compared with the legacy output; an environment can require a passing verdict.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { DescribeExecutionCommand, DescribeStateMachineCommand, ListTagsForResourceCommand, StateMachineDoesNotExist } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { approveDeployment, requestDeployment } from "@/lib/deployments/commands";
import { runParity } from "@/lib/deployments/parity/run";
import type { Comparison } from "@/lib/deployments/parity/compare";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { FIXTURES, stageLegacyModel } from "../engine/legacy-model";
import { expectAppError, expectRefusedWithoutChange, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";
import { makeDeployableModel, publishArticlePipeline } from "./world";

const BUCKET = "ferry-parity-it";
let engine: TestEngine;
let ds: Actor, admin: Actor, mlops: Actor;
let golden: string;
let request: { id: string; fingerprint: string };

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await stageLegacyModel(engine, BUCKET);
  [ds, admin, mlops] = await Promise.all([makeUser(["DATA_SCIENTIST"]), makeUser(["ADMIN"]), makeUser(["MLOPS_ENGINEER"])]);
  const environment = await prisma.environment.create({ data: { name: "parity-it", kind: "EMBEDDED", bucket: BUCKET, endpointOverride: engine.endpoint, requireParity: true } });
  const version = await publishArticlePipeline(mlops);
  const model = await makeDeployableModel({ bucket: BUCKET, owner: ds });
  const made = await executeCommand(prisma, requestDeployment, ds, { modelId: model.id, pipelineVersionId: version.id, environmentId: environment.id });
  request = { id: made.id, fingerprint: made.artifactFingerprint };
  // The golden sample: the first ten customers of the fixture data.
  const lines = (await readFile(path.join(FIXTURES, "data/customers.csv"), "utf8")).split("\n").filter(Boolean);
  golden = `${lines.slice(0, 10).join("\n")}\n`;
});

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

const evidence = (legacy: string, tolerance = 1e-6) => ({
  deploymentId: request.id,
  goldenInput: { fileName: "golden.csv", content: golden },
  legacyOutput: { fileName: "report.json", content: legacy },
  tolerance,
});

describe("parity evidence", () => {
  let ferry: Record<string, string> = {};

  it("refuses approval where the environment requires parity and none passed", async () => {
    const error = await expectRefusedWithoutChange(() => executeCommand(prisma, approveDeployment, admin, { deploymentId: request.id, fingerprint: request.fingerprint }), "CONFLICT");
    expect(error.userMessage).toContain("parity-it requires parity evidence");
  });

  it("runs the pipeline on the golden input and fails a legacy output that differs, showing the first differences", async () => {
    const result = await runParity(prisma, ds, evidence(JSON.stringify({ rows: 10, positive: 0, mean_score: 0 })), { pollMs: 200 });
    expect(result.error).toBeNull();
    expect(result.status).toBe("FAIL");
    const comparison = result.comparison as Comparison;
    expect(comparison.rowCount).toEqual({ legacy: 1, ferry: 1 });
    // The rows cell matches: Ferry read exactly the ten golden rows.
    expect(comparison.differences.map((d) => d.column)).not.toContain("rows");
    expect(comparison.differences.map((d) => d.column)).toContain("mean_score");
    ferry = Object.fromEntries(comparison.differences.map((d) => [d.column, d.ferry]));
    const stored = await prisma.deployment.findUniqueOrThrow({ where: { id: request.id } });
    // Its own name space and machine, tagged as this request's; started on the version it published.
    const machine = `ferry-pr-${request.id.replaceAll("-", "")}`;
    expect(stored.parity).toMatchObject({ status: "FAIL", fingerprint: request.fingerprint, executionArn: expect.stringContaining(`:execution:${machine}:`) });
    const executionArn = (stored.parity as { executionArn: string }).executionArn;
    const execution = await engine.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution.stateMachineVersionArn).toMatch(new RegExp(`:stateMachine:${machine}:\\d+$`));
    const { tags } = await engine.sfn.send(new ListTagsForResourceCommand({ resourceArn: execution.stateMachineArn }));
    expect(Object.fromEntries((tags ?? []).map((t) => [t.key, t.value]))).toMatchObject({ "ferry:kind": "parity", "ferry:owner": request.id });
    // Nothing unapproved touched the model's deployment state machine: it does not even exist yet.
    const slug = (await prisma.deployment.findUniqueOrThrow({ where: { id: request.id }, select: { model: { select: { slug: true } } } })).model.slug;
    const deploymentMachine = execution.stateMachineArn?.replace(machine, `ferry-dp-${slug}`);
    await expect(engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: deploymentMachine }))).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expectAppError(() => executeCommand(prisma, approveDeployment, admin, { deploymentId: request.id, fingerprint: request.fingerprint }), "CONFLICT");
  });

  it("passes when the legacy output matches within the tolerance, and the request can then be approved", async () => {
    const legacy = { rows: 10, positive: Number(ferry.positive ?? 0), mean_score: Number(ferry.mean_score ?? 0) + 5e-7 };
    const result = await runParity(prisma, ds, evidence(JSON.stringify(legacy)), { pollMs: 200 });
    expect(result.status).toBe("PASS");
    await executeCommand(prisma, approveDeployment, admin, { deploymentId: request.id, fingerprint: request.fingerprint });
    const audit = await prisma.auditEvent.findMany({ where: { targetId: request.id }, orderBy: { id: "asc" }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(["deployments.request", "deployments.parity_start", "deployments.parity_finished", "deployments.parity_start", "deployments.parity_finished", "deployments.approve"]);
  });

  it("refuses evidence for a decided request, from someone else's account, or of an unsupported format", async () => {
    await expectRefusedWithoutChange(() => runParity(prisma, ds, evidence("{}")), "CONFLICT");
    const other = await makeUser(["DATA_SCIENTIST"]);
    await expectRefusedWithoutChange(() => runParity(prisma, other, evidence("{}")), "FORBIDDEN");
    const error = await expectRefusedWithoutChange(() => runParity(prisma, ds, { ...evidence("{}"), legacyOutput: { fileName: "out.parquet", content: "x" } }), "INVALID_INPUT");
    expect(error.userMessage).toContain("legacyOutput");
  });
});
