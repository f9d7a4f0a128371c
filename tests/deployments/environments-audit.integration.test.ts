// Environments (save, check) and the audit trail (filters, CSV export) against the real database and engine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { saveEnvironment } from "@/lib/environments/commands";
import { checkEnvironmentQuery } from "@/lib/environments/queries";
import { auditTrailCsv, listAuditEvents, parseAuditFilters } from "@/lib/audit/trail";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { executeQuery } from "@/lib/commands/query";
import { expectRefusedWithoutChange, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";
import { CreateBucketCommand } from "@aws-sdk/client-s3";

let engine: TestEngine;
let admin: Actor, mlops: Actor;

const aws = {
  name: "prod-eu",
  region: "eu-west-1",
  accountId: "123456789012",
  stateMachineRoleArn: "arn:aws:iam::123456789012:role/ferry-states",
  sagemakerRoleArn: "arn:aws:iam::123456789012:role/ferry-sagemaker",
  bucket: "ferry-prod-eu",
  endpointOverride: "",
};

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await engine.s3.send(new CreateBucketCommand({ Bucket: "ferry-env-it" }));
  [admin, mlops] = await Promise.all([makeUser(["ADMIN"]), makeUser(["MLOPS_ENGINEER"])]);
});

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

describe("environments", () => {
  it("adds an AWS environment and edits it; the audit says what changed", async () => {
    const { id } = await executeCommand(prisma, saveEnvironment, admin, { kind: "AWS", aws, requireParity: true });
    expect(await prisma.environment.findUniqueOrThrow({ where: { id } })).toMatchObject({ kind: "AWS", accountId: "123456789012", endpointOverride: null, requireParity: true });
    await executeCommand(prisma, saveEnvironment, admin, { id, kind: "AWS", aws: { ...aws, bucket: "ferry-prod-eu-2" }, requireParity: true });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: id }, orderBy: { id: "desc" } });
    expect(audit.summary).toBe("Edited environment prod-eu: bucket");
  });

  it("refuses roles from another account, bad names, and non-admins, changing nothing", async () => {
    const error = await expectRefusedWithoutChange(
      () => executeCommand(prisma, saveEnvironment, admin, { kind: "AWS", aws: { ...aws, name: "other", sagemakerRoleArn: "arn:aws:iam::999999999999:role/x" } }),
      "INVALID_INPUT",
    );
    expect(error.userMessage).toContain("account 999999999999, not 123456789012");
    await expectRefusedWithoutChange(() => executeCommand(prisma, saveEnvironment, admin, { kind: "AWS", aws: { ...aws, name: "Prod EU" } }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => executeCommand(prisma, saveEnvironment, mlops, { kind: "AWS", aws: { ...aws, name: "x1" } }), "FORBIDDEN");
  });

  it("checks an embedded environment as any other (who Ferry is there, what answers), and reports what is missing", async () => {
    const ok = await prisma.environment.create({ data: { name: "engine", kind: "EMBEDDED", bucket: "ferry-env-it", endpointOverride: engine.endpoint } });
    const healthy = await executeQuery(prisma, checkEnvironmentQuery, admin, { environmentId: ok.id });
    expect(healthy.ok).toBe(true);
    expect(healthy.identity).toBe("arn:aws:iam::000000000000:user/ferry");
    expect(healthy.items.map((i) => i.name)).toEqual([
      "Credentials (STS GetCallerIdentity)",
      "State machine role",
      "SageMaker execution role",
      "Step Functions (ListStateMachines)",
      "Bucket ferry-env-it (HeadBucket)",
      "Job logs (CloudWatch Logs DescribeLogGroups)",
    ]);
    const missing = await prisma.environment.create({ data: { name: "engine-nobucket", kind: "EMBEDDED", bucket: "no-such-bucket", endpointOverride: engine.endpoint } });
    const report = await executeQuery(prisma, checkEnvironmentQuery, admin, { environmentId: missing.id });
    expect(report.ok).toBe(false);
    expect(report.items.find((i) => !i.ok)).toMatchObject({ name: "Bucket no-such-bucket (HeadBucket)", fix: expect.stringContaining("npm start") });
    await expectRefusedWithoutChange(() => executeQuery(prisma, checkEnvironmentQuery, mlops, { environmentId: ok.id }), "FORBIDDEN");
  });
});

describe("audit trail", () => {
  it("filters by actor, action, target and time, and exports CSV safe from formula injection", async () => {
    await prisma.auditEvent.create({ data: { actorId: mlops.id, actorEmail: mlops.email, action: "deployments.request", targetType: "deployment", targetId: "t-1", summary: "=cmd|' /C calc'!A0" } });
    const byActor = await listAuditEvents(prisma, parseAuditFilters({ actor: mlops.email.slice(0, 12) }));
    expect(byActor.rows.map((r) => r.action)).toEqual(["deployments.request"]);
    expect((await listAuditEvents(prisma, parseAuditFilters({ action: "environments" }))).rows.length).toBeGreaterThanOrEqual(2);
    expect((await listAuditEvents(prisma, parseAuditFilters({ targetType: "deployment", targetId: "t-1" }))).rows).toHaveLength(1);
    expect((await listAuditEvents(prisma, parseAuditFilters({ from: "2999-01-01" }))).rows).toHaveLength(0);
    // A filter that does not parse is dropped, not an error page.
    expect((await listAuditEvents(prisma, parseAuditFilters({ action: "<script>", targetId: "t-1" }))).rows).toHaveLength(1);
    const csv = await auditTrailCsv(prisma, parseAuditFilters({ targetId: "t-1" }));
    expect(csv.split("\r\n")[0]).toBe("id,time,actor,action,target_type,target_id,summary,details");
    expect(csv).toContain(`,'=cmd|' /C calc'!A0,`);
  });
});
