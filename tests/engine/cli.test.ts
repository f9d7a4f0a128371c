import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { ListStateMachinesCommand, SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir, TEST_CREDENTIALS, TEST_REGION } from "./harness";

let dataDir = "";
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("engine CLI", () => {
  it("starts on the given port and data directory, serves requests, and stops cleanly on SIGTERM", async () => {
    dataDir = await makeTempDir("engine-cli");
    // One Node process (tsx as a loader), so the signal reaches the engine itself rather than a wrapper.
    const child = spawn(process.execPath, ["--import", "tsx", "lib/engine/cli.ts", "--port", "0", "--data-dir", dataDir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const endpoint = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.on("exit", (code) => reject(new Error(`engine exited early (${code}): ${output}`)));
    });
    expect(output).toContain(dataDir);
    const sfn = new SFNClient({ endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines).toEqual([]);
    sfn.destroy();
    const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(output).toContain("stopping (SIGTERM)");
  }, 60_000);
});
