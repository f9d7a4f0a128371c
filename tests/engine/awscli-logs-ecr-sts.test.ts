// CloudWatch Logs, ECR and STS through Debian's AWS CLI, as a user types them against the engine: `logs tail`
// (also --follow while a job runs), `logs get-log-events`, `ecr describe-images`, `sts get-caller-identity`,
// `sts assume-role` and a call with its temporary credentials; forged and expired session tokens refused.
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { promisify } from "node:util";
import { CreateProcessingJobCommand, DescribeProcessingJobCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { engineRouteFetch } from "@/lib/aws/engine-routes";
import { makeTempDir, startTestEngine, TEST_ACCOUNT, TEST_CREDENTIALS, TEST_REGION, TEST_ROLE, type TestEngine } from "./harness";
import { CUSTOM_IMAGE, FRAMEWORK_IMAGE, stageLegacyModel } from "./legacy-model";

/** Debian's AWS CLI; the `aws` first on PATH on these machines is a different (pyenv) shim. */
const AWS = "/usr/bin/aws";
const GROUP = "/aws/sagemaker/ProcessingJobs";
const ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/ferry-cli`;

let engine: TestEngine;
let workDir = "";

type Keys = { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string; AWS_SESSION_TOKEN?: string };
const ENGINE_KEYS: Keys = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey };

function cliEnv(keys: Keys): NodeJS.ProcessEnv {
  return { NODE_ENV: "test", PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: workDir, AWS_DEFAULT_REGION: TEST_REGION, AWS_PAGER: "", AWS_EC2_METADATA_DISABLED: "true", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null", ...keys };
}

type Outcome = { ok: boolean; stdout: string; stderr: string };

async function aws(keys: Keys, ...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(AWS, ["--endpoint-url", engine.endpoint, "--output", "json", ...args], { env: cliEnv(keys) });
    return { ok: true, stdout, stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

async function awsJson<T>(keys: Keys, ...args: string[]): Promise<T> {
  const outcome = await aws(keys, ...args);
  expect(outcome.ok, outcome.stderr).toBe(true);
  return JSON.parse(outcome.stdout) as T;
}

async function startJob(name: string, code: string): Promise<void> {
  const script = `import base64; exec(base64.b64decode('${Buffer.from(code).toString("base64")}'))`;
  await engine.sagemaker.send(
    new CreateProcessingJobCommand({
      ProcessingJobName: name,
      RoleArn: TEST_ROLE,
      ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 1 } },
      StoppingCondition: { MaxRuntimeInSeconds: 120 },
      AppSpecification: { ImageUri: FRAMEWORK_IMAGE, ContainerEntrypoint: ["python3", "-u", "-c", script] },
    }),
  );
}

async function waitForJob(name: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const { ProcessingJobStatus } = await engine.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
    if (ProcessingJobStatus !== "InProgress") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

(existsSync(AWS) ? describe : describe.skip)("CloudWatch Logs, ECR and STS through the AWS CLI", () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    workDir = await makeTempDir("awscli-one-path");
    await stageLegacyModel(engine, "cli-one-path");
    await startJob("cli-logs", "import sys\nprint('hello from the job')\nprint('warning: to stderr', file=sys.stderr)\nprint('bye')");
    await waitForJob("cli-logs");
  });
  afterAll(async () => {
    vi.useRealTimers();
    await engine?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("logs describe-log-streams and get-log-events read a job's stream, one event per line", async () => {
    const { logStreams } = await awsJson<{ logStreams: { logStreamName: string }[] }>(ENGINE_KEYS, "logs", "describe-log-streams", "--log-group-name", GROUP, "--log-stream-name-prefix", "cli-logs/");
    expect(logStreams.map((s) => s.logStreamName)).toEqual([expect.stringMatching(/^cli-logs\/algo-1-\d{10}$/)]);
    const page = await awsJson<{ events: { message: string }[]; nextForwardToken: string }>(ENGINE_KEYS, "logs", "get-log-events", "--log-group-name", GROUP, "--log-stream-name", logStreams[0]?.logStreamName ?? "", "--start-from-head");
    expect(page.events.map((e) => e.message)).toEqual(expect.arrayContaining(["hello from the job", "warning: to stderr", "bye"]));
    expect(page.nextForwardToken).toMatch(/^f\/\d{56}\/s$/);
  });

  it("logs tail prints the group's recent events with their stream", async () => {
    const outcome = await aws(ENGINE_KEYS, "logs", "tail", GROUP, "--since", "1h", "--log-stream-name-prefix", "cli-logs/", "--format", "short");
    expect(outcome.ok, outcome.stderr).toBe(true);
    expect(outcome.stdout).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2} hello from the job/);
    expect(outcome.stdout).toContain("bye");
  });

  it("logs tail --follow shows a running job's lines as they are written, each once", async () => {
    await startJob("cli-follow", "import time\nprint('first', flush=True)\ntime.sleep(7)\nprint('second', flush=True)");
    const tail = spawn(AWS, ["--endpoint-url", engine.endpoint, "logs", "tail", GROUP, "--follow", "--since", "5m", "--log-stream-name-prefix", "cli-follow/", "--format", "short"], {
      // A pipe would hold the CLI's output in Python's buffer until it exits.
      env: { ...cliEnv(ENGINE_KEYS), PYTHONUNBUFFERED: "1" },
    });
    let output = "";
    tail.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      let sawFirstWhileRunning = false;
      for (const deadline = Date.now() + 45_000; Date.now() < deadline && !output.includes("second"); ) {
        if (output.includes("first") && !sawFirstWhileRunning) {
          const { ProcessingJobStatus } = await engine.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: "cli-follow" }));
          sawFirstWhileRunning = ProcessingJobStatus === "InProgress";
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(sawFirstWhileRunning).toBe(true);
      expect(output).toContain("second");
      expect(output.match(/ first$/gm)).toHaveLength(1);
    } finally {
      tail.kill("SIGTERM");
    }
  });

  it("ecr describe-repositories, describe-images and batch-get-image show the registered image and its digest", async () => {
    const registered = await engineRouteFetch(new URL("/_ferry/images", engine.endpoint), { method: "GET", region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const { images } = (await registered.json()) as { images: { imageUri: string; digest: string }[] };
    const digest = images.find((i) => i.imageUri === CUSTOM_IMAGE)?.digest;
    const repositories = await awsJson<{ repositories: { repositoryName: string }[] }>(ENGINE_KEYS, "ecr", "describe-repositories");
    expect(repositories.repositories.map((r) => r.repositoryName)).toContain("legacy-model");
    const described = await awsJson<{ imageDetails: { imageDigest: string; imageTags: string[] }[] }>(ENGINE_KEYS, "ecr", "describe-images", "--repository-name", "legacy-model", "--image-ids", "imageTag=1.0");
    expect(described.imageDetails).toEqual([expect.objectContaining({ imageDigest: digest, imageTags: ["1.0"] })]);
    const fetched = await awsJson<{ images: { imageManifest: string }[] }>(ENGINE_KEYS, "ecr", "batch-get-image", "--repository-name", "legacy-model", "--image-ids", "imageTag=1.0");
    expect(`sha256:${createHash("sha256").update(fetched.images[0]?.imageManifest ?? "").digest("hex")}`).toBe(digest);
    const missing = await aws(ENGINE_KEYS, "ecr", "describe-images", "--repository-name", "legacy-model", "--image-ids", "imageTag=0.0");
    expect(missing.ok).toBe(false);
    expect(missing.stderr).toContain("ImageNotFoundException");
  });

  it("sts get-caller-identity names the engine's user", async () => {
    expect(await awsJson(ENGINE_KEYS, "sts", "get-caller-identity")).toMatchObject({ Account: TEST_ACCOUNT, Arn: `arn:aws:iam::${TEST_ACCOUNT}:user/ferry` });
  });

  it("sts assume-role gives credentials that then sign other calls as the role; a forged token is refused", async () => {
    const { Credentials } = await awsJson<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }>(
      ENGINE_KEYS, "sts", "assume-role", "--role-arn", ROLE, "--role-session-name", "ferry-cli", "--external-id", "cli-external-id",
    );
    const temporary: Keys = { AWS_ACCESS_KEY_ID: Credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: Credentials.SecretAccessKey, AWS_SESSION_TOKEN: Credentials.SessionToken };
    expect(await awsJson(temporary, "sts", "get-caller-identity")).toMatchObject({ Arn: `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/ferry-cli/ferry-cli` });
    expect((await aws(temporary, "stepfunctions", "list-state-machines")).ok).toBe(true);
    // Another first character: a random token already starting with "x" (1 in 64) would not be forged at all.
    const first = Credentials.SessionToken.startsWith("x") ? "y" : "x";
    const forged = { ...temporary, AWS_SESSION_TOKEN: `${first}${Credentials.SessionToken.slice(1)}` };
    const refused = await aws(forged, "sts", "get-caller-identity");
    expect(refused).toMatchObject({ ok: false, stderr: expect.stringContaining("InvalidClientTokenId") });
    expect((await aws(forged, "stepfunctions", "list-state-machines")).stderr).toContain("UnrecognizedClientException");
  });

  it("refuses temporary credentials once they have expired", async () => {
    const { Credentials } = await awsJson<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }>(
      ENGINE_KEYS, "sts", "assume-role", "--role-arn", ROLE, "--role-session-name", "ferry-expiring", "--duration-seconds", "900",
    );
    const temporary: Keys = { AWS_ACCESS_KEY_ID: Credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: Credentials.SecretAccessKey, AWS_SESSION_TOKEN: Credentials.SessionToken };
    // The CLI signs with the real clock; the engine's clock (this process's) moves 899 s ahead: within the 15
    // minutes of allowed skew, but past the session's end, issued more than a second before.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 899_000 });
    try {
      const expired = await aws(temporary, "stepfunctions", "list-state-machines");
      expect(expired).toMatchObject({ ok: false, stderr: expect.stringContaining("ExpiredTokenException") });
    } finally {
      vi.useRealTimers();
    }
  });
});
