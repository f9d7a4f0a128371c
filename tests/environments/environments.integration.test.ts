// Environments with an access role, against a real engine (its STS): saving one checks the role, its account and
// the external ID; the check assumes the role as the admin who asks and shows who Ferry is there; credentials
// are assumed once per environment and user, then reused; a role Ferry may not assume fails the check, nothing
// changed. An AWS environment's base credentials are the process's default chain: here the engine's keys in
// AWS_* variables, as an instance role would give them.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { executeQuery } from "@/lib/commands/query";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { observeRequests } from "@/lib/engine/models";
import { saveEnvironment } from "@/lib/environments/commands";
import { checkEnvironmentQuery } from "@/lib/environments/queries";
import { ensureBucket } from "@/lib/storage/objects";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "../engine/harness";
import { expectAppError, expectRefusedWithoutChange, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";

const ACCOUNT = "000000000000";
const BUCKET = "ferry-env-check";
let engine: TestEngine;
let admin: Actor;
let otherAdmin: Actor;
const assumed: { RoleSessionName?: unknown; ExternalId?: unknown; RoleArn?: unknown }[] = [];
let stopObserving: () => void;

function awsFields(name: string, extra: Record<string, string> = {}) {
  return {
    name,
    region: "us-east-1",
    accountId: ACCOUNT,
    stateMachineRoleArn: `arn:aws:iam::${ACCOUNT}:role/ferry-states`,
    sagemakerRoleArn: `arn:aws:iam::${ACCOUNT}:role/ferry-sagemaker`,
    bucket: BUCKET,
    endpointOverride: engine.endpoint,
    ...extra,
  };
}

beforeAll(async () => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", TEST_CREDENTIALS.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", TEST_CREDENTIALS.secretAccessKey);
  await resetDatabase();
  engine = await startTestEngine();
  await ensureBucket(engine.s3, BUCKET);
  admin = await makeUser(["ADMIN"], { email: `ada.lovelace-${Date.now()}@ferry.test` });
  otherAdmin = await makeUser(["ADMIN"]);
  stopObserving = observeRequests((request) => {
    if (request.service === "sts" && request.operation === "AssumeRole") assumed.push(request.body as (typeof assumed)[number]);
  });
});

afterAll(async () => {
  stopObserving();
  vi.unstubAllEnvs();
  await engine?.close();
  await disconnectPrisma();
});

describe("saving an environment with an access role", () => {
  it("keeps the role and its external ID", async () => {
    const { id } = await executeCommand(prisma, saveEnvironment, admin, { kind: "AWS", aws: awsFields("with-role", { accessRoleArn: `arn:aws:iam::${ACCOUNT}:role/ferry-access`, externalId: "ferry-ext-42" }) });
    expect(await prisma.environment.findUniqueOrThrow({ where: { id } })).toMatchObject({ accessRoleArn: `arn:aws:iam::${ACCOUNT}:role/ferry-access`, externalId: "ferry-ext-42" });
  });

  it.each([
    ["a role of another account", { accessRoleArn: "arn:aws:iam::123456789012:role/ferry-access" }, "accessRoleArn"],
    ["an external ID without a role", { externalId: "ferry-ext-42" }, "externalId"],
    ["an external ID with a space", { accessRoleArn: `arn:aws:iam::${ACCOUNT}:role/ferry-access`, externalId: "a b" }, "externalId"],
    ["a user ARN as the role", { accessRoleArn: `arn:aws:iam::${ACCOUNT}:user/ferry` }, "accessRoleArn"],
  ])("refuses %s, changing nothing", async (_label, extra, field) => {
    const error = await expectRefusedWithoutChange(() => executeCommand(prisma, saveEnvironment, admin, { kind: "AWS", aws: awsFields(`bad-${field.toLowerCase()}`, extra) }), "INVALID_INPUT");
    expect(Object.keys(error.fieldErrors ?? {}).join(" ")).toContain(field);
  });

  it("is an admin's: a data scientist cannot add one, nor run a check", async () => {
    const ds = await makeUser(["DATA_SCIENTIST"]);
    await expectRefusedWithoutChange(() => executeCommand(prisma, saveEnvironment, ds, { kind: "AWS", aws: awsFields("by-ds") }), "FORBIDDEN");
    const environment = await prisma.environment.findFirstOrThrow();
    await expectAppError(() => executeQuery(prisma, checkEnvironmentQuery, ds, { environmentId: environment.id }), "FORBIDDEN");
  });
});

describe("checking an environment", () => {
  it("assumes the access role as the admin who asks, and shows who Ferry is there", async () => {
    const environment = await prisma.environment.findUniqueOrThrow({ where: { name: "with-role" } });
    const before = assumed.length;
    const check = await executeQuery(prisma, checkEnvironmentQuery, admin, { environmentId: environment.id });
    const session = `ferry-${admin.email.split("@")[0]}`;
    expect(check.identity).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/ferry-access/${session}`);
    expect(check.items.map((i) => [i.name, i.ok])).toEqual([
      ["Access role (STS AssumeRole, GetCallerIdentity)", true],
      ["State machine role", true],
      ["SageMaker execution role", true],
      ["Step Functions (ListStateMachines)", true],
      [`Bucket ${BUCKET} (HeadBucket)`, true],
      ["Job logs (CloudWatch Logs DescribeLogGroups)", true],
    ]);
    expect(assumed.slice(before)).toEqual([{ RoleArn: `arn:aws:iam::${ACCOUNT}:role/ferry-access`, RoleSessionName: session, ExternalId: "ferry-ext-42", DurationSeconds: 3600 }]);
  });

  it("reuses the assumed credentials for the same environment and user, and assumes afresh for another user", async () => {
    const environment = await prisma.environment.findUniqueOrThrow({ where: { name: "with-role" } });
    const before = assumed.length;
    await executeQuery(prisma, checkEnvironmentQuery, admin, { environmentId: environment.id });
    expect(assumed.length).toBe(before);
    const other = await executeQuery(prisma, checkEnvironmentQuery, otherAdmin, { environmentId: environment.id });
    expect(other.identity).toContain(`/ferry-${otherAdmin.email.split("@")[0]}`);
    expect(assumed.length).toBe(before + 1);
  });

  it("signs in with the process's own credentials when no role is named", async () => {
    const { id } = await executeCommand(prisma, saveEnvironment, admin, { kind: "AWS", aws: awsFields("no-role") });
    const check = await executeQuery(prisma, checkEnvironmentQuery, admin, { environmentId: id });
    expect(check).toMatchObject({ ok: true, identity: `arn:aws:iam::${ACCOUNT}:user/ferry` });
  });

  it("fails, with what to do, when the role cannot be assumed; nothing changes", async () => {
    await executeCommand(prisma, saveEnvironment, admin, { kind: "AWS", aws: awsFields("foreign-role", { accountId: "123456789012", stateMachineRoleArn: "arn:aws:iam::123456789012:role/s", sagemakerRoleArn: "arn:aws:iam::123456789012:role/m", accessRoleArn: "arn:aws:iam::123456789012:role/ferry-access", externalId: "x-1" }) });
    const environment = await prisma.environment.findUniqueOrThrow({ where: { name: "foreign-role" } });
    const check = await executeQuery(prisma, checkEnvironmentQuery, admin, { environmentId: environment.id });
    expect(check.ok).toBe(false);
    expect(check.identity).toBeNull();
    expect(check.items[0]).toMatchObject({ ok: false, detail: expect.stringContaining("not authorized to perform: sts:AssumeRole"), fix: expect.stringContaining("trust policy") });
    expect(await prisma.environment.findUniqueOrThrow({ where: { id: environment.id } })).toEqual(environment);
  });

  it("fails when the credentials are another account's than the environment names", async () => {
    const { id } = await executeCommand(prisma, saveEnvironment, admin, {
      kind: "AWS",
      aws: awsFields("wrong-account", { accountId: "210987654321", stateMachineRoleArn: "arn:aws:iam::210987654321:role/s", sagemakerRoleArn: "arn:aws:iam::210987654321:role/m" }),
    });
    const check = await executeQuery(prisma, checkEnvironmentQuery, admin, { environmentId: id });
    expect(check.items[0]).toMatchObject({ ok: false, detail: expect.stringContaining(`for account ${ACCOUNT}, not 210987654321`) });
  });

  it("checks the embedded engine the same way: its own credentials, its account", async () => {
    const environment = await prisma.environment.create({ data: { name: "embedded", kind: "EMBEDDED", bucket: BUCKET, endpointOverride: engine.endpoint } });
    const check = await executeQuery(prisma, checkEnvironmentQuery, admin, { environmentId: environment.id });
    expect(check).toMatchObject({ ok: true, identity: `arn:aws:iam::${ACCOUNT}:user/ferry` });
  });
});
