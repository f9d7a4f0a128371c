// The engine's Secrets Manager through the AWS SDK and Debian's AWS CLI, as Ferry's secret store in aws mode and a
// person use it: create, rotate (AWSCURRENT / AWSPREVIOUS), get by name or ARN, idempotent retries, deletion with
// a recovery window and restore, deletion at once, refusals in AWS's words, values kept across a restart in a
// file only the engine's user may read.
import { execFile } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, startTestEngine, TEST_ACCOUNT, TEST_CREDENTIALS, TEST_REGION, type TestEngine } from "./harness";

const AWS = "/usr/bin/aws";
const TOKEN = "11111111-2222-4333-8444-555555555555";

let dataDir = "";
let engine: TestEngine;
let secrets: SecretsManagerClient;

const open = async () => {
  engine = await startTestEngine({ dataDir });
  secrets = new SecretsManagerClient(engine.clientConfig());
};
beforeAll(async () => {
  dataDir = await makeTempDir("secretsmanager");
  await open();
});
afterAll(async () => {
  secrets?.destroy();
  await engine?.close();
});

const get = (SecretId: string, extra: { VersionStage?: string; VersionId?: string } = {}) => secrets.send(new GetSecretValueCommand({ SecretId, ...extra }));

describe("Secrets Manager in the engine", () => {
  it("creates a secret, reads it by name, ARN and partial ARN, and rotates it: the old value stays readable as AWSPREVIOUS", async () => {
    const created = await secrets.send(new CreateSecretCommand({ Name: "ferry/git/one", SecretString: "token-1", Description: "a Git token" }));
    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:${TEST_REGION}:${TEST_ACCOUNT}:secret:ferry/git/one-[A-Za-z0-9]{6}$`));
    const arn = created.ARN ?? "";
    for (const id of ["ferry/git/one", arn, arn.slice(0, -7)]) expect(await get(id)).toMatchObject({ ARN: arn, Name: "ferry/git/one", SecretString: "token-1", VersionStages: ["AWSCURRENT"], VersionId: created.VersionId });

    const put = await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: "token-2" }));
    expect(put.VersionStages).toEqual(["AWSCURRENT"]);
    expect((await get(arn)).SecretString).toBe("token-2");
    expect(await get(arn, { VersionStage: "AWSPREVIOUS" })).toMatchObject({ SecretString: "token-1", VersionId: created.VersionId });
    expect((await get(arn, { VersionId: put.VersionId })).SecretString).toBe("token-2");
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: "ferry/git/one" }));
    expect(described).toMatchObject({ ARN: arn, Description: "a Git token", VersionIdsToStages: { [created.VersionId ?? ""]: ["AWSPREVIOUS"], [put.VersionId ?? ""]: ["AWSCURRENT"] } });
    expect(described.CreatedDate).toBeInstanceOf(Date);
  });

  it("answers a retried create or put (the same ClientRequestToken and value) with the same version, and refuses another value under that token", async () => {
    const first = await secrets.send(new CreateSecretCommand({ Name: "ferry/retried", SecretString: "v", ClientRequestToken: TOKEN }));
    const again = await secrets.send(new CreateSecretCommand({ Name: "ferry/retried", SecretString: "v", ClientRequestToken: TOKEN }));
    expect(again).toMatchObject({ ARN: first.ARN, VersionId: TOKEN });
    await expect(secrets.send(new CreateSecretCommand({ Name: "ferry/retried", SecretString: "v" }))).rejects.toMatchObject({ name: "ResourceExistsException" });
    await expect(secrets.send(new PutSecretValueCommand({ SecretId: "ferry/retried", SecretString: "other", ClientRequestToken: TOKEN }))).rejects.toMatchObject({ name: "ResourceExistsException" });
    expect((await secrets.send(new PutSecretValueCommand({ SecretId: "ferry/retried", SecretString: "v", ClientRequestToken: TOKEN }))).VersionId).toBe(TOKEN);
    expect((await get("ferry/retried")).SecretString).toBe("v");
  });

  it("deletes after a recovery window (unreadable meanwhile, the name still taken, restorable) or at once", async () => {
    const { ARN: arn = "" } = await secrets.send(new CreateSecretCommand({ Name: "ferry/deleted", SecretString: "gone" }));
    const deleted = await secrets.send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: 7 }));
    expect((deleted.DeletionDate?.getTime() ?? 0) - Date.now()).toBeGreaterThan(6.9 * 24 * 3_600_000);
    await expect(get(arn)).rejects.toMatchObject({ name: "InvalidRequestException", message: expect.stringContaining("marked for deletion") });
    expect((await secrets.send(new DescribeSecretCommand({ SecretId: arn }))).DeletedDate).toBeInstanceOf(Date);
    await expect(secrets.send(new CreateSecretCommand({ Name: "ferry/deleted", SecretString: "again" }))).rejects.toMatchObject({ name: "InvalidRequestException" });
    await secrets.send(new RestoreSecretCommand({ SecretId: arn }));
    expect((await get(arn)).SecretString).toBe("gone");

    await secrets.send(new DeleteSecretCommand({ SecretId: arn, ForceDeleteWithoutRecovery: true }));
    await expect(get(arn)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    const recreated = await secrets.send(new CreateSecretCommand({ Name: "ferry/deleted", SecretString: "new" }));
    expect(recreated.ARN).not.toBe(arn);
  });

  it("refuses what AWS refuses, in its words, and what the engine cannot honour, by name", async () => {
    const refusal = (promise: Promise<unknown>) => promise.then(() => ({ name: "accepted", message: "" }), (error: Error) => ({ name: error.name, message: error.message }));
    expect(await refusal(secrets.send(new CreateSecretCommand({ Name: "both", SecretString: "a", SecretBinary: Buffer.from("b") })))).toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("both a binary secret value and a string") });
    expect(await refusal(secrets.send(new CreateSecretCommand({ Name: "spaces are not allowed", SecretString: "a" })))).toMatchObject({ name: "InvalidParameterException" });
    // AWS allows dots and slashes in names; here a name never becomes a path (the last test lists the files).
    await secrets.send(new CreateSecretCommand({ Name: "../../credentials", SecretString: "a name, not a path" }));
    expect((await get("../../credentials")).SecretString).toBe("a name, not a path");
    expect(await refusal(secrets.send(new CreateSecretCommand({ Name: "huge", SecretString: "x".repeat(70_000) })))).toMatchObject({ name: "ValidationException", message: expect.stringContaining("length less than or equal to 65536") });
    expect(await refusal(secrets.send(new CreateSecretCommand({ Name: "replicated", SecretString: "a", AddReplicaRegions: [{ Region: "eu-west-1" }] })))).toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("AddReplicaRegions") });
    expect(await refusal(secrets.send(new DeleteSecretCommand({ SecretId: "ferry/git/one", RecoveryWindowInDays: 3 })))).toMatchObject({ name: "InvalidParameterException" });
    expect(await refusal(secrets.send(new DeleteSecretCommand({ SecretId: "ferry/git/one", RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })))).toMatchObject({ name: "InvalidParameterException" });
    expect(await refusal(get("ferry/never"))).toMatchObject({ name: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." });
    const empty = await secrets.send(new CreateSecretCommand({ Name: "ferry/empty" }));
    expect(empty.VersionId).toBeUndefined();
    expect(await refusal(get("ferry/empty"))).toMatchObject({ name: "ResourceNotFoundException", message: expect.stringContaining("AWSCURRENT") });
    const foreign = new SecretsManagerClient(engine.clientConfig({ accessKeyId: "AKIAFOREIGN000000000", secretAccessKey: "x".repeat(40) }));
    expect((await refusal(foreign.send(new GetSecretValueCommand({ SecretId: "ferry/git/one" })))).name).not.toBe("accepted");
    foreign.destroy();
  });

  it("is reached by the AWS CLI", async () => {
    const env = { NODE_ENV: "test", PATH: "/usr/bin:/bin", HOME: dataDir, AWS_DEFAULT_REGION: TEST_REGION, AWS_PAGER: "", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null", AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey } as NodeJS.ProcessEnv;
    const cli = async (...args: string[]) => JSON.parse((await promisify(execFile)(AWS, ["--endpoint-url", engine.endpoint, "--output", "json", "secretsmanager", ...args], { env })).stdout) as Record<string, unknown>;
    await cli("create-secret", "--name", "ferry/cli", "--secret-string", "from the CLI");
    expect(await cli("get-secret-value", "--secret-id", "ferry/cli")).toMatchObject({ Name: "ferry/cli", SecretString: "from the CLI" });
  });

  it("keeps secrets across a restart, in files only the engine's user can read", async () => {
    secrets.destroy();
    await engine.close();
    await open();
    expect((await get("ferry/git/one")).SecretString).toBe("token-2");
    expect((await get("ferry/git/one", { VersionStage: "AWSPREVIOUS" })).SecretString).toBe("token-1");
    const dir = path.join(dataDir, "secretsmanager");
    const files = await readdir(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(file).toMatch(/^[0-9a-f]{64}\.json$/);
      expect((await stat(path.join(dir, file))).mode & 0o777).toBe(0o600);
    }
  });
});
