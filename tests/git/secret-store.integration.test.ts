// Ferry's secret store (lib/secrets/store.ts) in aws mode, against the engine's Secrets Manager through the AWS SDK
// as configured for AWS (its default credential chain; only the endpoint is the engine's): the value goes to Secrets
// Manager and only its ARN to the catalog, it reads back, a secret the encrypted table held before the switch to
// aws mode stays readable, and removing one schedules its deletion.
import { randomBytes } from "node:crypto";
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { secretStore } from "@/lib/secrets/store";
import { startTestEngine, TEST_ACCOUNT, TEST_CREDENTIALS, TEST_REGION, type TestEngine } from "../engine/harness";
import { resetDatabase, testDatabaseUrl } from "../setup/db";

const KEY = randomBytes(32).toString("base64");
let engine: TestEngine;
let secrets: SecretsManagerClient;

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  secrets = new SecretsManagerClient(engine.clientConfig());
  vi.stubEnv("AWS_ACCESS_KEY_ID", TEST_CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", TEST_CREDENTIALS.secretAccessKey);
  vi.stubEnv("AWS_ENDPOINT_URL_SECRETS_MANAGER", engine.endpoint);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  secrets?.destroy();
  await engine?.close();
  await disconnectPrisma();
});

const config = (mode: "embedded" | "aws") =>
  parseEnv({ FERRY_MODE: mode, DATABASE_URL: testDatabaseUrl(), FERRY_AUTH_SECRET: "s".repeat(40), FERRY_BASE_URL: "https://ferry.example.test", AWS_REGION: TEST_REGION, FERRY_SECRETS_KEY: KEY } as unknown as NodeJS.ProcessEnv);

describe("the secret store in aws mode", () => {
  it("keeps the value in Secrets Manager and only its ARN in Ferry; reads it and the table's older secrets back; removal schedules deletion", async () => {
    const local = await secretStore(config("embedded")).put(prisma, "ghp_kept_in_the_table", "git");
    expect(local).toMatch(/^local:/);
    const rows = await prisma.storedSecret.count();

    const store = secretStore(config("aws"));
    const ref = await store.put(prisma, "ghp_kept_in_secrets_manager", "git");
    expect(ref).toMatch(new RegExp(`^aws:arn:aws:secretsmanager:${TEST_REGION}:${TEST_ACCOUNT}:secret:ferry/git/[0-9a-f-]{36}-[A-Za-z0-9]{6}$`));
    expect(await prisma.storedSecret.count()).toBe(rows);
    const arn = ref.slice("aws:".length);
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe("ghp_kept_in_secrets_manager");

    expect(await store.get(prisma, ref)).toBe("ghp_kept_in_secrets_manager");
    expect(await store.get(prisma, local)).toBe("ghp_kept_in_the_table");

    await store.remove(prisma, ref);
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described.DeletedDate).toBeInstanceOf(Date);
    await expect(store.get(prisma, ref)).rejects.toMatchObject({ name: "InvalidRequestException" });
  });
});
