// What the all-commands suite needs for the runs commands: a model with a LIVE deployment (a state machine
// ARN that need not exist: the commands only record intent) and a running and a failed run of it.
import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/prisma";
import { approvedArtifacts } from "../deployments/world";

export type RunFixtures = { deploymentId: string; runningRunId: string; failedRunId: string };

const resources = { instanceType: "ml.m5.xlarge", volumeSizeGb: 1, maxRuntimeSeconds: 60 };
const image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:0.23-1-cpu-py3";

export async function makeRunFixtures(owner: Actor, pipelineVersionId: string, environmentId: string): Promise<RunFixtures> {
  const slug = `runs-fixture-${randomBytes(3).toString("hex")}`;
  const model = await prisma.model.create({ data: { slug, displayName: slug, team: "risk", ownerId: owner.id } });
  const stateMachineArn = `arn:aws:states:us-east-1:000000000000:stateMachine:${slug}`;
  const targets = { modelId: model.id, pipelineVersionId, environmentId };
  const parameters = {
    roleArn: "arn:aws:iam::000000000000:role/ferry-test",
    inputUri: "s3://ferry-embedded/data/",
    codeUri: "s3://ferry-embedded/code/",
    outputUri: "s3://ferry-embedded/runs/",
    scripts: { PREPROCESS: "preprocess.py", POSTPROCESS: "postprocess.py" },
    steps: { pre: { ...resources, imageUri: image }, infer: { ...resources, imageUri: image }, post: { ...resources, imageUri: image } },
  };
  const deployment = await prisma.deployment.create({
    data: { ...targets, status: "LIVE", stateMachineArn, requestedById: owner.id, parameters, ...(await approvedArtifacts(targets, parameters)) },
  });
  const run = (name: string, status: "RUNNING" | "FAILED") =>
    prisma.run.create({
      data: {
        deploymentId: deployment.id,
        modelId: model.id,
        pipelineVersionId,
        environmentId,
        executionName: `${slug}-${name}`,
        executionArn: `arn:aws:states:us-east-1:000000000000:execution:${slug}:${slug}-${name}`,
        status,
        input: {},
        startedById: owner.id,
      },
      select: { id: true },
    });
  const [running, failed] = await Promise.all([run("running", "RUNNING"), run("failed", "FAILED")]);
  return { deploymentId: deployment.id, runningRunId: running.id, failedRunId: failed.id };
}
