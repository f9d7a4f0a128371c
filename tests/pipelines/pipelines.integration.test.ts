// Pipelines end to end: commands against the real catalog, a release into a real embedded engine over the
// SFN client, and an execution of the generated definition that runs the legacy fixture scripts.
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { ListProcessingJobsCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { buildExecutionInput } from "@/lib/pipelines/input";
import { ARTICLE_PIPELINE } from "@/lib/pipelines/fixtures/article-pipeline";
import { PipelineDraft } from "@/lib/pipelines/draft";
import { createPipeline, publishPipelineVersion, savePipelineDraft } from "@/lib/pipelines/commands";
import { SAGEMAKER_JOB_NAME_PATTERN } from "@/lib/pipelines/names";
import { finishRelease, releasePipelineVersion } from "@/lib/deployments/release";
import { CUSTOM_IMAGE, FRAMEWORK_IMAGE, readObject, stageLegacyModel } from "../engine/legacy-model";
import { startTestEngine, TEST_ROLE, type TestEngine } from "../engine/harness";
import { expectAppError, expectRefusedWithoutChange, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";

const BUCKET = "ferry-pipeline-it";
let engine: TestEngine;
let mlops: Actor;
let scientist: Actor;

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await stageLegacyModel(engine, BUCKET);
  mlops = await makeUser(["MLOPS_ENGINEER"]);
  scientist = await makeUser(["DATA_SCIENTIST"]);
});

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

async function waitForExecution(executionArn: string) {
  for (let i = 0; i < 600; i++) {
    const described = await engine.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== "RUNNING") return described;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("execution did not finish within 60 s");
}

describe("pipelines", () => {
  let pipelineId: string;
  let versionId: string;

  it("creates a pipeline from the starter draft and publishes it as v1", async () => {
    const created = await executeCommand(prisma, createPipeline, mlops, { name: `churn-${Date.now()}`, description: "three steps" });
    pipelineId = created.id;
    // The description typed at creation describes the starter steps (not the template's own words).
    expect((await prisma.pipeline.findUniqueOrThrow({ where: { id: pipelineId } })).draftSpec).toMatchObject({ kind: "spec", spec: { description: "three steps" } });
    const v1 = await executeCommand(prisma, publishPipelineVersion, mlops, { pipelineId });
    versionId = v1.id;
    expect(v1.version).toBe(1);
    expect(v1.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const stored = await prisma.pipelineVersion.findUniqueOrThrow({ where: { id: v1.id }, select: { definition: true, iamPolicies: true } });
    expect(JSON.stringify(stored.definition)).toContain("createProcessingJob.sync");
    expect(JSON.stringify(stored.iamPolicies)).toContain("sagemaker:DescribeProcessingJob");
  });

  it("refuses to publish an unchanged draft again, and a data scientist's publish", async () => {
    const conflict = await expectAppError(() => executeCommand(prisma, publishPipelineVersion, mlops, { pipelineId }), "CONFLICT");
    expect(conflict.userMessage).toContain("Nothing changed since version 1");
    await expectAppError(() => executeCommand(prisma, publishPipelineVersion, scientist, { pipelineId }), "FORBIDDEN");
    expect(await prisma.pipelineVersion.count({ where: { pipelineId } })).toBe(1);
  });

  it("refuses an invalid draft with the field that is wrong, and keeps the old draft", async () => {
    const before = await prisma.pipeline.findUniqueOrThrow({ where: { id: pipelineId }, select: { draftSpec: true } });
    const draft = PipelineDraft.parse(before.draftSpec);
    if (draft.kind !== "spec") throw new Error("starter draft is a spec");
    const broken = { kind: "spec", spec: { ...draft.spec, steps: draft.spec.steps.map((s, i) => (i === 1 ? { ...s, key: "inference" } : s)) } };
    const error = await expectAppError(() => executeCommand(prisma, savePipelineDraft, mlops, { pipelineId, draft: broken }), "INVALID_INPUT");
    expect(error.fieldErrors?.["draft.spec.steps.1.key"]?.[0]).toContain("at most 6 characters");
    const after = await prisma.pipeline.findUniqueOrThrow({ where: { id: pipelineId }, select: { draftSpec: true } });
    expect(after.draftSpec).toEqual(before.draftSpec);
  });

  it("deploys v1 to the embedded engine in the release name space, published as a version, tagged as the pipeline's", async () => {
    const environment = await prisma.environment.create({ data: { name: "embedded-it", kind: "EMBEDDED", bucket: BUCKET, endpointOverride: engine.endpoint } });
    const release = await releasePipelineVersion(prisma, mlops, { pipelineVersionId: versionId, environmentId: environment.id });
    expect(release.status).toBe("LIVE");
    expect(release.stateMachineArn).toMatch(/^arn:aws:states:us-east-1:000000000000:stateMachine:ferry-pl-churn-/);
    expect(release.stateMachineVersionArn).toBe(`${release.stateMachineArn}:1`);
    const described = await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: release.stateMachineVersionArn ?? "" }));
    expect(described.revisionId ?? null).toBe(release.revisionId);
    const { tags } = await engine.sfn.send(new ListTagsForResourceCommand({ resourceArn: release.stateMachineArn ?? "" }));
    expect(Object.fromEntries((tags ?? []).map((t) => [t.key, t.value]))).toMatchObject({ "ferry:kind": "release", "ferry:owner": pipelineId });
    // Releasing again updates in place: same ARN, and the unchanged definition is the same version.
    const again = await releasePipelineVersion(prisma, mlops, { pipelineVersionId: versionId, environmentId: environment.id });
    expect(again).toMatchObject({ status: "LIVE", stateMachineArn: release.stateMachineArn, stateMachineVersionArn: release.stateMachineVersionArn });
    const audit = await prisma.auditEvent.findMany({ where: { targetId: release.id }, select: { action: true } });
    expect(audit.map((a) => a.action).sort()).toEqual(["pipelines.release", "pipelines.release_finished"]);
    // Its outcome is recorded once: a replayed one is refused and changes nothing.
    const forged = { releaseId: release.id, outcome: { status: "FAILED", error: "forged" } };
    await expectRefusedWithoutChange(() => executeCommand(prisma, finishRelease, mlops, forged), "CONFLICT");
  });

  it("runs the deployed definition with a model's input: three real jobs to SUCCEEDED", async () => {
    const version = await prisma.pipelineVersion.findUniqueOrThrow({ where: { id: versionId }, select: { spec: true } });
    const draft = PipelineDraft.parse(version.spec);
    if (draft.kind !== "spec") throw new Error("expected a spec");
    const resources = { instanceType: "ml.m5.xlarge", volumeSizeGb: 1, maxRuntimeSeconds: 120 };
    const input = buildExecutionInput(draft.spec, {
      roleArn: TEST_ROLE,
      inputUri: `s3://${BUCKET}/data/input/`,
      codeUri: `s3://${BUCKET}/code/scripts/`,
      outputUri: `s3://${BUCKET}/runs/`,
      scripts: { PREPROCESS: "preprocess.py", POSTPROCESS: "postprocess.py" },
      steps: { pre: { ...resources, imageUri: FRAMEWORK_IMAGE }, infer: { ...resources, imageUri: CUSTOM_IMAGE }, post: { ...resources, imageUri: FRAMEWORK_IMAGE } },
    });
    if (!input.success) throw new Error(input.error.message);
    const release = await prisma.pipelineRelease.findFirstOrThrow({ where: { pipelineVersionId: versionId, status: "LIVE" } });
    const started = await engine.sfn.send(new StartExecutionCommand({ stateMachineArn: release.stateMachineArn ?? "", name: "run-1", input: JSON.stringify(input.data) }));
    const finished = await waitForExecution(started.executionArn ?? "");
    expect(finished.cause ?? "").toBe("");
    expect(finished.status).toBe("SUCCEEDED");
    const jobs = await engine.sagemaker.send(new ListProcessingJobsCommand({ NameContains: "run-1" }));
    const names = (jobs.ProcessingJobSummaries ?? []).map((j) => j.ProcessingJobName ?? "").sort();
    expect(names).toEqual(["run-1-infer-0-0", "run-1-post-0-0", "run-1-pre-0-0"]);
    for (const name of names) expect(name).toMatch(SAGEMAKER_JOB_NAME_PATTERN);
    const report = JSON.parse(await readObject(engine.s3, BUCKET, "runs/run-1/post/final/report.json")) as { rows: number };
    expect(report.rows).toBeGreaterThan(0);
  });

  it("gives each retry attempt its own job name, and fails with the Python error after the last", async () => {
    const retrying = { ...ARTICLE_PIPELINE, steps: [{ ...ARTICLE_PIPELINE.steps[0], retry: { errors: ["States.ALL"], intervalSeconds: 1, backoffRate: 1, maxAttempts: 1 } }] };
    const created = await executeCommand(prisma, createPipeline, mlops, { name: `retry-${Date.now()}` });
    await executeCommand(prisma, savePipelineDraft, mlops, { pipelineId: created.id, draft: { kind: "spec", spec: retrying } });
    const version = await executeCommand(prisma, publishPipelineVersion, mlops, { pipelineId: created.id });
    const environment = await prisma.environment.findUniqueOrThrow({ where: { name: "embedded-it" } });
    const release = await releasePipelineVersion(prisma, mlops, { pipelineVersionId: version.id, environmentId: environment.id });
    const input = {
      RoleArn: TEST_ROLE,
      InputUri: `s3://${BUCKET}/data/input/`,
      CodeUri: `s3://${BUCKET}/code/failing/`,
      OutputUri: `s3://${BUCKET}/runs/`,
      Steps: { pre: { ImageUri: FRAMEWORK_IMAGE, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 1, MaxRuntimeInSeconds: 60, Entrypoint: ["python3", "/opt/ml/processing/input/code/preprocess.py"] } },
    };
    const started = await engine.sfn.send(new StartExecutionCommand({ stateMachineArn: release.stateMachineArn ?? "", name: "retry-1", input: JSON.stringify(input) }));
    const finished = await waitForExecution(started.executionArn ?? "");
    expect(finished.status).toBe("FAILED");
    expect(finished.cause).toContain("Traceback");
    const jobs = await engine.sagemaker.send(new ListProcessingJobsCommand({ NameContains: "retry-1" }));
    expect((jobs.ProcessingJobSummaries ?? []).map((j) => j.ProcessingJobName).sort()).toEqual(["retry-1-pre-0-0", "retry-1-pre-0-1"]);
  });

  it("refuses pipeline names in Ferry's name spaces or too long for a state machine name, changing nothing", async () => {
    for (const name of ["ferry-dp-churn", "Ferry-pl-x", "ferry-pr-0123", "x".repeat(72)]) {
      await expectRefusedWithoutChange(() => executeCommand(prisma, createPipeline, mlops, { name }), "INVALID_INPUT");
    }
  });

  it("does not release into a state machine at its name whose ownership tags say it is another pipeline's", async () => {
    const created = await executeCommand(prisma, createPipeline, mlops, { name: `owned-${Date.now()}` });
    const version = await executeCommand(prisma, publishPipelineVersion, mlops, { pipelineId: created.id });
    const environment = await prisma.environment.findUniqueOrThrow({ where: { name: "embedded-it" } });
    const definition = JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    const tags = [{ key: "ferry:kind", value: "release" }, { key: "ferry:owner", value: pipelineId }];
    const { stateMachineArn = "" } = await engine.sfn.send(new CreateStateMachineCommand({ name: `ferry-pl-${created.name}`, definition, roleArn: TEST_ROLE, tags }));
    const refused = await releasePipelineVersion(prisma, mlops, { pipelineVersionId: version.id, environmentId: environment.id });
    expect(refused).toMatchObject({ status: "FAILED", stateMachineArn: null, stateMachineVersionArn: null });
    expect(refused.error).toContain(`belongs to release ${pipelineId}`);
    expect((await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }))).definition).toBe(definition);
    expect((await engine.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }))).stateMachineVersions).toEqual([]);
  });

  it("records a failed deploy in plain words, and a retry succeeds", async () => {
    const unreachable = await prisma.environment.create({ data: { name: "nowhere", kind: "EMBEDDED", bucket: BUCKET, endpointOverride: "http://127.0.0.1:9" } });
    const failed = await releasePipelineVersion(prisma, mlops, { pipelineVersionId: versionId, environmentId: unreachable.id });
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatch(/ECONNREFUSED|connect/i);
    await prisma.environment.update({ where: { id: unreachable.id }, data: { endpointOverride: engine.endpoint } });
    const retried = await releasePipelineVersion(prisma, mlops, { pipelineVersionId: versionId, environmentId: unreachable.id });
    expect(retried.status).toBe("LIVE");
  });
});
