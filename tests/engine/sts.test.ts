// STS in the engine through the AWS SDK: who is calling, AssumeRole's temporary credentials accepted (signed with
// their session token) until they expire, kept over a restart; forged, expired and malformed ones refused.
import { ListStateMachinesCommand, SFNClient } from "@aws-sdk/client-sfn";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { EngineCredentials } from "@/lib/engine/auth/credentials-file";
import { makeTempDir, sendRaw, signRaw, startTestEngine, TEST_ACCOUNT, type TestEngine, WRONG_CREDENTIALS } from "./harness";

const ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/ferry-access`;
let dataDir: string;
let engine: TestEngine;
let sts: STSClient;

type Temporary = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

async function assume(client: STSClient, sessionName: string, extra: Record<string, unknown> = {}): Promise<Temporary & { expiration: Date }> {
  const out = await client.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: sessionName, ExternalId: "ferry-external-id", ...extra }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error("AssumeRole returned no credentials");
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}

/** The harness signs with an access key pair; temporary credentials carry their token along. */
function temporaryKeys(temporary: Temporary): EngineCredentials {
  return temporary;
}

const clientsWith = (credentials: Temporary) => ({
  sts: new STSClient({ endpoint: engine.endpoint, region: "us-east-1", credentials }),
  sfn: new SFNClient({ endpoint: engine.endpoint, region: "us-east-1", credentials }),
});

beforeAll(async () => {
  dataDir = await makeTempDir("sts");
  engine = await startTestEngine({ dataDir });
  sts = new STSClient(engine.clientConfig());
});

afterAll(async () => {
  vi.useRealTimers();
  sts?.destroy();
  await engine?.close();
});

describe("GetCallerIdentity", () => {
  it("names the engine's account and its user for the engine's own credentials", async () => {
    const who = await sts.send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({ Account: TEST_ACCOUNT, Arn: `arn:aws:iam::${TEST_ACCOUNT}:user/ferry` });
    expect(who.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  });
});

describe("AssumeRole", () => {
  it("returns temporary credentials shaped like AWS's, which then sign any call as the assumed role", async () => {
    const before = Date.now();
    const temporary = await assume(sts, "ferry-ds", { DurationSeconds: 900 });
    expect(temporary.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(temporary.secretAccessKey).toHaveLength(40);
    expect(temporary.sessionToken.length).toBeGreaterThan(100);
    expect(temporary.expiration.getTime() - before).toBeGreaterThan(890_000);
    expect(temporary.expiration.getTime() - before).toBeLessThanOrEqual(901_000);
    const as = clientsWith(temporary);
    expect(await as.sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: TEST_ACCOUNT, Arn: `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/ferry-access/ferry-ds`, UserId: expect.stringMatching(/^AROA[A-Z2-7]{17}:ferry-ds$/) });
    expect((await as.sfn.send(new ListStateMachinesCommand({}))).stateMachines).toBeDefined();
    as.sts.destroy();
    as.sfn.destroy();
  });

  it("refuses a forged session token, or none, for temporary credentials", async () => {
    const temporary = await assume(sts, "ferry-forger");
    const forged = clientsWith({ ...temporary, sessionToken: `${temporary.sessionToken.slice(0, -4)}AAAA` });
    await expect(forged.sfn.send(new ListStateMachinesCommand({}))).rejects.toMatchObject({ name: "UnrecognizedClientException" });
    await expect(forged.sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "InvalidClientTokenId", $metadata: { httpStatusCode: 403 } });
    const tokenless = new SFNClient({ endpoint: engine.endpoint, region: "us-east-1", credentials: { accessKeyId: temporary.accessKeyId, secretAccessKey: temporary.secretAccessKey } });
    await expect(tokenless.send(new ListStateMachinesCommand({}))).rejects.toMatchObject({ name: "UnrecognizedClientException" });
    for (const client of [forged.sts, forged.sfn, tokenless]) client.destroy();
  });

  it("keeps temporary credentials over an engine restart, and refuses them once expired", async () => {
    const temporary = await assume(sts, "ferry-restart", { DurationSeconds: 900 });
    await engine.close();
    engine = await startTestEngine({ dataDir });
    sts.destroy();
    sts = new STSClient(engine.clientConfig());
    const as = clientsWith(temporary);
    expect((await as.sts.send(new GetCallerIdentityCommand({}))).Arn).toContain("assumed-role/ferry-access/ferry-restart");
    // 16 minutes later on the engine's clock (this process's), the request signed at that time too.
    const later = Date.now() + 16 * 60_000;
    vi.useFakeTimers({ toFake: ["Date"], now: later });
    try {
      const signedLater = (service: string, headers: Record<string, string>, body: string) =>
        signRaw(engine.endpoint, { method: "POST", target: "/", service, headers, body, credentials: temporaryKeys(temporary), signingDate: new Date(later) }).then(sendRaw);
      const sfn = await signedLater("states", { "x-amz-target": "AWSStepFunctions.ListStateMachines", "content-type": "application/x-amz-json-1.0" }, "{}");
      expect(sfn.status).toBe(400);
      expect(JSON.parse(sfn.text)).toMatchObject({ __type: "ExpiredTokenException", message: expect.stringContaining("expired") });
      const who = await signedLater("sts", { "content-type": "application/x-www-form-urlencoded" }, "Action=GetCallerIdentity&Version=2011-06-15");
      expect(who.status).toBe(403);
      expect(who.text).toContain("<Code>ExpiredToken</Code>");
    } finally {
      vi.useRealTimers();
      as.sts.destroy();
      as.sfn.destroy();
    }
  });

  it("limits a session assumed with another session's credentials (role chaining) to an hour", async () => {
    const first = clientsWith(await assume(sts, "ferry-first"));
    await expect(assume(first.sts, "ferry-second", { DurationSeconds: 3601 })).rejects.toMatchObject({ name: "ValidationError", message: expect.stringContaining("role chaining") });
    expect((await assume(first.sts, "ferry-second", { DurationSeconds: 3600 })).accessKeyId).toMatch(/^ASIA/);
    first.sts.destroy();
    first.sfn.destroy();
  });
});

describe("crafted AssumeRole requests are refused, nothing issued", () => {
  it.each([
    ["a session name outside [\\w+=,.@-]", { RoleSessionName: "ferry ds/../x" }, "roleSessionName"],
    ["a one-character session name", { RoleSessionName: "x" }, "roleSessionName"],
    ["a duration under 15 minutes", { DurationSeconds: 899 }, "durationSeconds"],
    ["a duration over 12 hours", { DurationSeconds: 43_201 }, "durationSeconds"],
    ["an external id with a space", { ExternalId: "a b" }, "externalId"],
  ])("%s", async (_label, change, member) => {
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "ferry-ok", ...change }))).rejects.toMatchObject({ name: "ValidationError", message: expect.stringContaining(`'${member}'`) });
  });

  it("refuses a role of another account, a non-role ARN, and session policies it could not enforce", async () => {
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/other", RoleSessionName: "ferry-x" }))).rejects.toMatchObject({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEST_ACCOUNT}:user/ferry`, RoleSessionName: "ferry-x" }))).rejects.toMatchObject({ name: "ValidationError" });
    await expect(sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "ferry-x", Policy: '{"Version":"2012-10-17","Statement":[]}' }))).rejects.toMatchObject({ name: "ValidationError", message: expect.stringContaining("Policy") });
  });

  it("answers unsigned or wrongly signed STS requests with the query protocol's errors", async () => {
    const form = "Action=GetCallerIdentity&Version=2011-06-15";
    const unsigned = await fetch(engine.endpoint, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toMatch(/<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/);
    const stranger = new STSClient(engine.clientConfig(WRONG_CREDENTIALS));
    await expect(stranger.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "InvalidClientTokenId" });
    stranger.destroy();
    const signed = await signRaw(engine.endpoint, { method: "POST", target: "/", service: "sts", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form });
    const tampered = await sendRaw({ ...signed, body: "Action=AssumeRole&Version=2011-06-15&RoleArn=x&RoleSessionName=yy" });
    expect(tampered.status).toBe(403);
    expect(tampered.text).toContain("<Code>SignatureDoesNotMatch</Code>");
  });
});
