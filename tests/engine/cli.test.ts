import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import { readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { ListStateMachinesCommand, SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir, TEST_REGION } from "./harness";

const run = promisify(execFile);

let dataDir = "";
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcessWithoutNullStreams;
  endpoint: string;
  printed: Record<string, string>;
  output: () => string;
}

/** `npm run engine`'s entry, as one Node process (tsx as a loader), so a signal reaches the engine itself. */
async function startCli(dir: string, readyPattern = /ready on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*AWS_DEFAULT_REGION=/): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/engine/cli.ts", "--port", "0", "--data-dir", dir, "--region", TEST_REGION], { stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = readyPattern.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`engine exited early (${code}): ${output}`)));
  });
  const printed = Object.fromEntries([...output.matchAll(/^(AWS_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1] ?? "", m[2] ?? ""]));
  return { child, endpoint, printed, output: () => output };
}

/** The exit code, or the signal that ended the process when it had no handler for it. */
async function stop(started: Started): Promise<number | string> {
  const exit = new Promise<number | string>((resolve) => started.child.on("exit", (code, signal) => resolve(code ?? `killed by ${signal}`)));
  started.child.kill("SIGTERM");
  return exit;
}

/** Debian's boto3 (the python3 first on PATH here is another interpreter without it). */
const BOTO3 = `
import boto3, json, os
kw = dict(endpoint_url=os.environ["ENDPOINT"], region_name=os.environ["AWS_DEFAULT_REGION"])
sfn = boto3.client("stepfunctions", **kw)
s3 = boto3.client("s3", **kw)
s3.create_bucket(Bucket="boto")
s3.put_object(Bucket="boto", Key="k.txt", Body=b"from boto3")
print(json.dumps({"machines": sfn.list_state_machines()["stateMachines"], "body": s3.get_object(Bucket="boto", Key="k.txt")["Body"].read().decode()}))
`;

describe("engine CLI", () => {
  it("generates its credentials once (0600, profile ferry), prints them for the AWS CLI and boto3, and reuses them on restart", async () => {
    dataDir = await makeTempDir("engine-cli");
    const first = await startCli(dataDir);
    expect(first.output()).toContain(dataDir);
    const credentialsFile = path.join(dataDir, "credentials");
    expect(first.output()).toContain(`Credentials (profile ferry): ${credentialsFile}`);
    const { AWS_ACCESS_KEY_ID: accessKeyId = "", AWS_SECRET_ACCESS_KEY: secretAccessKey = "", AWS_DEFAULT_REGION: region } = first.printed;
    expect(accessKeyId).toMatch(/^[A-Z0-9]{20}$/);
    expect(secretAccessKey.length).toBeGreaterThanOrEqual(40);
    expect(region).toBe(TEST_REGION);
    expect((await stat(credentialsFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(credentialsFile, "utf8")).toBe(`[ferry]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`);

    const sfn = new SFNClient({ endpoint: first.endpoint, region: TEST_REGION, credentials: { accessKeyId, secretAccessKey } });
    expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    sfn.destroy();
    const boto = await run("/usr/bin/python3", ["-c", BOTO3], {
      env: { NODE_ENV: "test", PATH: "/usr/bin:/bin", HOME: dataDir, ENDPOINT: first.endpoint, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_DEFAULT_REGION: TEST_REGION },
    });
    expect(JSON.parse(boto.stdout)).toEqual({ machines: [], body: "from boto3" });
    const unsigned = await fetch(`${first.endpoint}/boto/k.txt`);
    expect(unsigned.status).toBe(403);
    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain("stopping (SIGTERM)");

    const second = await startCli(dataDir);
    expect(second.printed).toMatchObject({ AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey });
    expect(await stop(second)).toBe(0);

    // A supervisor may signal the moment the first ready line appears: the engine still closes cleanly.
    const third = await startCli(dataDir, /ready on (http:\/\/127\.0\.0\.1:\d+)/);
    expect(await stop(third)).toBe(0);
    expect(third.output()).toContain("stopping (SIGTERM)");
  }, 90_000);
});
