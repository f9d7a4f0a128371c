// Shared steps of the build tests: the demo's inference context as a browser would upload it, the build job
// stepped in this process (as a worker would), and a run of a live deployment followed to its end.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { DescribeProcessingJobCommand, type SageMakerClient } from "@aws-sdk/client-sagemaker";
import { expect } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { buildStep } from "@/lib/catalog/images/build/follow";
import { startRun } from "@/lib/runs/operations";
import { syncRun } from "@/lib/runs/reconciler/sync-run";

export const DEMO_CONTEXT = path.resolve("prisma/demo/churn/inference-image");

export async function demoContextFiles(change: (name: string, text: string) => string = (_name, text) => text) {
  const names = (await readdir(DEMO_CONTEXT)).sort();
  return Promise.all(names.map(async (name) => ({ name, base64: Buffer.from(change(name, await readFile(path.join(DEMO_CONTEXT, name), "utf8"))).toString("base64") })));
}

/** The demo context with another bias: other bytes, so another image and digest. */
export const tunedDemoContext = () => demoContextFiles((name, text) => (name === "Dockerfile" ? text.replace("CHURN_BIAS=-0.9", "CHURN_BIAS=-0.6") : text));

/** What a worker does with the build's jobs: steps until the build is final. */
export async function followBuild(db: PrismaClient, buildId: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if ((await buildStep(db, buildId)) === "done") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`build ${buildId} did not finish`);
}

/** Starts a run of the deployment, follows it to its end, and returns the image its inference job ran. */
export async function runInference(db: PrismaClient, actor: Actor, deploymentId: string, sagemaker: SageMakerClient): Promise<{ status: string; inferenceImage: string | undefined }> {
  const started = await startRun(db, actor, { deploymentId });
  let status = "RUNNING";
  for (let i = 0; i < 600 && status === "RUNNING"; i++) {
    await syncRun(db, started.runId);
    status = (await db.run.findUniqueOrThrow({ where: { id: started.runId } })).status;
    if (status === "RUNNING") await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const steps = await db.runStep.findMany({ where: { runId: started.runId }, select: { name: true, jobName: true } });
  const inference = steps.find((s) => /infer/i.test(s.name));
  expect(inference?.jobName, `steps: ${steps.map((s) => s.name).join(", ")}`).toBeTruthy();
  const job = await sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: inference?.jobName ?? "" }));
  return { status, inferenceImage: job.AppSpecification?.ImageUri };
}
