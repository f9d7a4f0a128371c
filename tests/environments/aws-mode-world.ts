// The world of the tests that run Ferry in `aws` mode against the engine playing an AWS account
// (aws-mode-journey, builds/aws-mode-build): the account's constants, the engine started with its keys in the
// process's AWS_* variables (as an instance role gives them), the account's bucket, three users, and every
// request the engine answered.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { disconnectPrisma } from "@/lib/db/prisma";
import { observeRequests } from "@/lib/engine/models";
import { ensureBucket } from "@/lib/storage/objects";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "../engine/harness";
import { makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";

export const ACCOUNT = "000000000000";
export const ACCESS_ROLE = `arn:aws:iam::${ACCOUNT}:role/ferry-access`;
export const DEMO_ASSETS = path.resolve("prisma/demo/churn");
export const FRAMEWORK_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";
export const INFERENCE_IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn-legacy:1.0`;

export type AwsModeWorld = {
  engine: TestEngine;
  people: { ds: Actor; mlops: Actor; admin: Actor };
  calls: { service: string; operation: string; body: unknown }[];
};

/** A folder's files as the script and build-context uploads take them. */
export async function filesOf(dir: string) {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  return Promise.all(names.map(async (name) => ({ name, base64: (await readFile(path.join(dir, name))).toString("base64") })));
}

/** Registers the suite's set-up and tear-down; `prepare` is the account's own set-up outside Ferry. */
export function awsModeWorld(bucket: string, prepare: (engine: TestEngine) => Promise<void> = async () => undefined): AwsModeWorld {
  const world = { calls: [] } as unknown as AwsModeWorld;
  let stopObserving = () => {};
  beforeAll(async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", TEST_CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", TEST_CREDENTIALS.secretAccessKey);
    await resetDatabase();
    world.engine = await startTestEngine();
    await ensureBucket(world.engine.s3, bucket);
    await prepare(world.engine);
    world.people = { ds: await makeUser(["DATA_SCIENTIST"]), mlops: await makeUser(["MLOPS_ENGINEER"]), admin: await makeUser(["ADMIN"]) };
    stopObserving = observeRequests((request) => world.calls.push(request));
  });
  afterAll(async () => {
    stopObserving();
    vi.unstubAllEnvs();
    await world.engine?.close();
    await disconnectPrisma();
  });
  return world;
}
