// An access role's credentials, as lib/aws keeps them, against the engine's STS: assumed once and shared while
// valid, assumed again when less than five minutes remain, before they expire (the clock of this process, which
// the engine also reads, is moved forward).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { credentialsFor } from "@/lib/aws/credentials";
import type { AwsTarget } from "@/lib/aws/targets";
import { observeRequests } from "@/lib/engine/models";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "../engine/harness";

let engine: TestEngine;
let assumeRoles = 0;
let stopObserving: () => void;

beforeAll(async () => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", TEST_CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", TEST_CREDENTIALS.secretAccessKey);
  engine = await startTestEngine();
  stopObserving = observeRequests((request) => {
    if (request.service === "sts" && request.operation === "AssumeRole") assumeRoles++;
  });
});

afterAll(async () => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  stopObserving();
  await engine?.close();
});

describe("an access role's credentials", () => {
  it("are assumed once, shared, and assumed again before they expire", async () => {
    const target: AwsTarget = { region: "us-east-1", endpoint: engine.endpoint, credentials: { kind: "assumed-role", roleArn: "arn:aws:iam::000000000000:role/ferry-access", externalId: "ext-1", sessionName: "ferry-ds" } };
    const credentials = credentialsFor(target);
    const [first, concurrent] = await Promise.all([credentials(), credentials()]);
    expect(first.accessKeyId).toMatch(/^ASIA/);
    expect(concurrent.accessKeyId).toBe(first.accessKeyId);
    expect((await credentials()).accessKeyId).toBe(first.accessKeyId);
    expect(assumeRoles).toBe(1);
    const expiresIn = (first.expiration?.getTime() ?? 0) - Date.now();
    expect(expiresIn).toBeGreaterThan(3_500_000);

    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + expiresIn - 4 * 60_000 });
    const renewed = await credentials();
    expect(renewed.accessKeyId).not.toBe(first.accessKeyId);
    expect(assumeRoles).toBe(2);
  });
});
