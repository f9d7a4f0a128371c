// Walks ALL_COMMANDS: every command refuses callers without its permission and bad input, changing nothing,
// and writes exactly one audit event when it succeeds. A command added to ALL_COMMANDS without a fixture here
// fails the first test, so new commands cannot skip these checks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ALL_COMMANDS } from "./all-commands";
import { executeCommand, type Command } from "@/lib/commands/command";
import { createUser, setUserDisabled, setUserRoles } from "@/lib/users/commands";
import { createPipeline, importPipeline, publishPipelineVersion, savePipelineDraft, STARTER_DRAFT } from "@/lib/pipelines/commands";
import { definitionOf } from "@/lib/pipelines/draft";
import { finishRelease, requestRelease } from "@/lib/deployments/release";
import { bulkImportModels } from "@/lib/catalog/bulk/command";
import { ensureEmbeddedEnvironment } from "@/lib/environments/embedded";
import { approveDeployment, rejectDeployment, requestDeployment, withdrawDeployment } from "@/lib/deployments/commands";
import { finishDeploy, startDeploy } from "@/lib/deployments/deploy";
import { startParity } from "@/lib/deployments/parity/start";
import { saveEnvironment } from "@/lib/environments/commands";
import { recordRunEvents } from "@/lib/environments/run-events-commands";
import { markNotificationsRead } from "@/lib/notifications/commands";
import { makeDeployableModel, makeDeploymentWorld, type DeploymentFixtures } from "../deployments/world";
import { can, type Actor } from "@/lib/auth/permissions";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { resetDatabase } from "../setup/db";
import { expectRefusedWithoutChange, fingerprint, makeSession, makeUser, randomEmail, rolesOf } from "./world";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createBulkRun, createRun, redriveRun, rerunBulkRun, rerunRun, stopRun } from "@/lib/runs/commands";
import { requestBulkStart } from "@/lib/runs/bulk-start";
import { requestBulkRunAction } from "@/lib/runs/bulk-action";
import { requestBulkImport } from "@/lib/catalog/bulk/request";
import { makeRunFixtures, type RunFixtures } from "../runs/command-fixtures";
import { catalogCommandFixtures, makeCatalogFixtures, type CatalogFixtures } from "../catalog/command-fixtures";
import { makeAutomationFixtures, PUBLIC_HOOK, type AutomationFixtures } from "../webhooks/command-fixtures";
import { createToken, revokeToken } from "@/lib/tokens/commands";
import {
  allowWebhookHost,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  disallowWebhookHost,
  resendWebhookDelivery,
  setWebhookEndpointEnabled,
} from "@/lib/webhooks/commands";
import { buildCommandFixtures, makeBuildFixtures, type BuildFixtures } from "../builds/command-fixtures";

type AnyCommand = (typeof ALL_COMMANDS)[number];
type Input = Record<string, unknown>;
type World = {
  admin: Actor;
  otherAdmin: Actor;
  ds: Actor;
  mlops: Actor;
  noRole: Actor;
  target: Actor;
  /** A pipeline with only a draft, and one published as v1 with the embedded environment to release it to. */
  draftPipelineId: string;
  publishedVersionId: string;
  environmentId: string;
  /** A release of that version and a deployment whose AWS calls have not answered yet (both DEPLOYING). */
  deployingReleaseId: string;
  deployingDeploymentId: string;
  /** A live deployment with a running and a failed run (the runs commands). */
  runs: RunFixtures;
  /** A requestable model, a pending request by ds and an approved one (tests/deployments/world.ts). */
  deployments: DeploymentFixtures;
  /** A model with a script, a framework and a custom image (tests/catalog/command-fixtures.ts). */
  catalog: CatalogFixtures;
  /** The admin's token, a webhook endpoint with a delivery, an allowed host (tests/webhooks/command-fixtures.ts). */
  automation: AutomationFixtures;
  /** Image builds in progress (tests/builds/command-fixtures.ts). */
  builds: BuildFixtures;
};

type Execute = (actor: Actor | null, input: unknown) => Promise<unknown>;

/** executeCommand bound to one command, so each fixture keeps its command's exact types. */
function bind<Schema extends z.ZodType, Output>(command: Command<Schema, Output>): { command: object; execute: Execute } {
  return { command, execute: (actor, input) => executeCommand(prisma, command, actor, input) };
}

type Fixture = {
  /** The command itself, bound to the real pipeline. */
  bound: { command: object; execute: Execute };
  /** An input the command accepts from an admin. */
  valid: (world: World) => Input;
  /** Hand-picked inputs that must be refused, and the field the message must name. */
  invalid: (world: World) => { label: string; input: Input; field: string }[];
  /** The audit event's expected target and what the successful run must have changed. */
  targetType: string;
  targetId: (world: World, output: unknown) => string;
  verify: (world: World, input: Input) => Promise<void>;
};

const MEGABYTE = "x".repeat(1_000_000);
/** The id a command lets the server choose (a bulk item's run, a queued import): fixed so verify can find it. */
const FIXED_ID = "7d1b5c7e-3f0a-4b8e-9c2d-5a6f7e8d9c0b";
const MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:ferry-pl-fixture";
const SCRIPT = "<script>alert(1)</script>";

function idOf(output: unknown): string {
  return z.object({ id: z.uuid() }).parse(output).id;
}

/** State machine names allow letters, digits, - and _. */
function pipelineName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

function editedDraft() {
  if (STARTER_DRAFT.kind !== "spec") throw new Error("the starter draft is a spec");
  return { kind: "spec", spec: { ...STARTER_DRAFT.spec, description: "Edited by the all-commands test" } };
}

const FIXTURES: Record<string, Fixture> = {
  ...catalogCommandFixtures(bind),
  ...buildCommandFixtures(bind),
  "users.create": {
    bound: bind(createUser),
    valid: () => ({ email: randomEmail("new"), name: "New Person", password: "long enough password", roles: ["DATA_SCIENTIST"] }),
    invalid: () => {
      const ok = { email: randomEmail("bad"), name: "Bad Input", password: "long enough password", roles: [] };
      return [
        { label: "script tag in the name", input: { ...ok, name: SCRIPT }, field: "name" },
        { label: "HTML in the name", input: { ...ok, name: "<b>Boss</b>" }, field: "name" },
        { label: "blank name", input: { ...ok, name: "   " }, field: "name" },
        { label: "1 MB name", input: { ...ok, name: MEGABYTE }, field: "name" },
        { label: "name too long", input: { ...ok, name: "n".repeat(81) }, field: "name" },
        { label: "empty email", input: { ...ok, email: "" }, field: "email" },
        { label: "malformed email", input: { ...ok, email: "not-an-email" }, field: "email" },
        { label: "1 MB email", input: { ...ok, email: `${MEGABYTE}@x.io` }, field: "email" },
        { label: "short password", input: { ...ok, password: "short" }, field: "password" },
        { label: "1 MB password", input: { ...ok, password: MEGABYTE }, field: "password" },
        { label: "unknown role", input: { ...ok, roles: ["SUPERUSER"] }, field: "roles" },
        { label: "roles as a string", input: { ...ok, roles: "ADMIN" }, field: "roles" },
        { label: "too many roles", input: { ...ok, roles: ["ADMIN", "ADMIN", "ADMIN", "ADMIN"] }, field: "roles" },
      ];
    },
    targetType: "user",
    targetId: (_world, output) => idOf(output),
    verify: async (_world, input) => {
      const user = await prisma.user.findUniqueOrThrow({ where: { email: String(input.email) }, include: { roles: true } });
      expect(user.roles.map((r) => r.role)).toEqual(["DATA_SCIENTIST"]);
    },
  },
  "users.set_roles": {
    bound: bind(setUserRoles),
    valid: (world) => ({ userId: world.target.id, roles: ["MLOPS_ENGINEER", "ADMIN"] }),
    invalid: (world) => [
      { label: "empty user id", input: { userId: "", roles: [] }, field: "userId" },
      { label: "user id that is not a UUID", input: { userId: "1 OR 1=1", roles: [] }, field: "userId" },
      { label: "user id as a number", input: { userId: 7, roles: [] }, field: "userId" },
      { label: "script tag as a role", input: { userId: world.target.id, roles: [SCRIPT] }, field: "roles" },
      { label: "lower-case role", input: { userId: world.target.id, roles: ["admin"] }, field: "roles" },
      { label: "roles as an object", input: { userId: world.target.id, roles: { ADMIN: true } }, field: "roles" },
      { label: "1 MB role", input: { userId: world.target.id, roles: [MEGABYTE] }, field: "roles" },
    ],
    targetType: "user",
    targetId: (world) => world.target.id,
    verify: async (world) => {
      expect(await rolesOf(world.target.id)).toEqual(["MLOPS_ENGINEER", "ADMIN"]);
    },
  },
  "users.set_disabled": {
    bound: bind(setUserDisabled),
    valid: (world) => ({ userId: world.target.id, disabled: true }),
    invalid: (world) => [
      { label: "disabled as a string", input: { userId: world.target.id, disabled: "true" }, field: "disabled" },
      { label: "disabled as a number", input: { userId: world.target.id, disabled: 1 }, field: "disabled" },
      { label: "disabled missing", input: { userId: world.target.id }, field: "disabled" },
      { label: "user id with markup", input: { userId: SCRIPT, disabled: true }, field: "userId" },
      { label: "1 MB user id", input: { userId: MEGABYTE, disabled: true }, field: "userId" },
    ],
    targetType: "user",
    targetId: (world) => world.target.id,
    verify: async (world) => {
      const user = await prisma.user.findUniqueOrThrow({ where: { id: world.target.id } });
      expect(user.disabled).toBe(true);
      expect(await prisma.session.count({ where: { userId: world.target.id } })).toBe(0);
    },
  },
  "pipelines.create": {
    bound: bind(createPipeline),
    valid: () => ({ name: pipelineName("new"), description: "Made by the all-commands test" }),
    invalid: () => [
      { label: "script tag in the name", input: { name: SCRIPT }, field: "name" },
      { label: "spaces in the name", input: { name: "my pipeline" }, field: "name" },
      { label: "empty name", input: { name: "" }, field: "name" },
      { label: "1 MB name", input: { name: MEGABYTE }, field: "name" },
      { label: "description too long", input: { name: pipelineName("long"), description: "d".repeat(257) }, field: "description" },
      { label: "description as a number", input: { name: pipelineName("num"), description: 5 }, field: "description" },
    ],
    targetType: "pipeline",
    targetId: (_world, output) => idOf(output),
    verify: async (_world, input) => {
      const pipeline = await prisma.pipeline.findFirstOrThrow({ where: { name: String(input.name) } });
      expect(pipeline.description).toBe("Made by the all-commands test");
    },
  },
  "pipelines.save_draft": {
    bound: bind(savePipelineDraft),
    valid: (world) => ({ pipelineId: world.draftPipelineId, draft: editedDraft() }),
    invalid: (world) => [
      { label: "pipeline id that is not a UUID", input: { pipelineId: "../etc/passwd", draft: editedDraft() }, field: "pipelineId" },
      { label: "draft of an unknown kind", input: { pipelineId: world.draftPipelineId, draft: { kind: "yaml" } }, field: "draft" },
      { label: "draft as a string", input: { pipelineId: world.draftPipelineId, draft: JSON.stringify(editedDraft()) }, field: "draft" },
      { label: "spec without steps", input: { pipelineId: world.draftPipelineId, draft: { kind: "spec", spec: { description: "" } } }, field: "draft" },
    ],
    targetType: "pipeline",
    targetId: (world) => world.draftPipelineId,
    verify: async (world) => {
      const pipeline = await prisma.pipeline.findUniqueOrThrow({ where: { id: world.draftPipelineId } });
      expect(JSON.stringify(pipeline.draftSpec)).toContain("Edited by the all-commands test");
    },
  },
  "pipelines.publish": {
    bound: bind(publishPipelineVersion),
    valid: (world) => ({ pipelineId: world.draftPipelineId }),
    invalid: () => [
      { label: "empty pipeline id", input: { pipelineId: "" }, field: "pipelineId" },
      { label: "pipeline id with markup", input: { pipelineId: SCRIPT }, field: "pipelineId" },
    ],
    targetType: "pipeline",
    targetId: (world) => world.draftPipelineId,
    verify: async (world) => {
      expect(await prisma.pipelineVersion.count({ where: { pipelineId: world.draftPipelineId } })).toBe(1);
    },
  },
  "pipelines.import": {
    bound: bind(importPipeline),
    valid: () => {
      const name = pipelineName("imported");
      return { name, definition: JSON.stringify(definitionOf(STARTER_DRAFT, name)) };
    },
    invalid: () => [
      { label: "empty definition", input: { name: pipelineName("empty"), definition: "" }, field: "definition" },
      { label: "definition over 1 MB", input: { name: pipelineName("big"), definition: `${MEGABYTE}xx` }, field: "definition" },
      { label: "definition as an object", input: { name: pipelineName("obj"), definition: { StartAt: "A" } }, field: "definition" },
      { label: "HTML in the name", input: { name: "<b>x</b>", definition: "{}" }, field: "name" },
    ],
    targetType: "pipeline",
    targetId: (_world, output) => idOf(output),
    verify: async (_world, input) => {
      expect(await prisma.pipeline.count({ where: { name: String(input.name) } })).toBe(1);
    },
  },
  "pipelines.release": {
    bound: bind(requestRelease),
    valid: (world) => ({ pipelineVersionId: world.publishedVersionId, environmentId: world.environmentId }),
    invalid: (world) => [
      { label: "version id that is not a UUID", input: { pipelineVersionId: "v1", environmentId: world.environmentId }, field: "pipelineVersionId" },
      { label: "environment by name instead of id", input: { pipelineVersionId: world.publishedVersionId, environmentId: "embedded" }, field: "environmentId" },
    ],
    targetType: "pipeline_release",
    targetId: (_world, output) => idOf(output),
    verify: async (world) => {
      expect(await prisma.pipelineRelease.count({ where: { pipelineVersionId: world.publishedVersionId } })).toBe(2);
    },
  },
  "pipelines.release_finished": {
    bound: bind(finishRelease),
    valid: (world) => ({ releaseId: world.deployingReleaseId, outcome: { status: "LIVE", stateMachineArn: MACHINE_ARN, stateMachineVersionArn: `${MACHINE_ARN}:1`, revisionId: null } }),
    invalid: (world) => [
      { label: "release id that is not a UUID", input: { releaseId: "r1", outcome: { status: "FAILED", error: "x" } }, field: "releaseId" },
      { label: "an outcome Step Functions never gives", input: { releaseId: world.deployingReleaseId, outcome: { status: "DONE" } }, field: "outcome" },
      { label: "LIVE without its version", input: { releaseId: world.deployingReleaseId, outcome: { status: "LIVE", stateMachineArn: MACHINE_ARN } }, field: "outcome" },
    ],
    targetType: "pipeline_release",
    targetId: (world) => world.deployingReleaseId,
    verify: async (world) => {
      expect(await prisma.pipelineRelease.findUniqueOrThrow({ where: { id: world.deployingReleaseId } })).toMatchObject({ status: "LIVE", stateMachineVersionArn: `${MACHINE_ARN}:1`, error: null });
    },
  },
  "models.bulk_import": {
    bound: bind(bulkImportModels),
    valid: () => ({ source: "models.csv", models: [{ fields: { slug: "bulk-fixture", displayName: "Bulk fixture", team: "risk" }, columns: ["slug", "displayName", "team"] }] }),
    invalid: () => {
      const model = (fields: Input, files: Input[] = []) => ({ fields: { slug: "bulk-bad", displayName: "Bad", team: "risk", ...fields }, files });
      const file = { name: "x.py", sha256: "a".repeat(64), sizeBytes: 1 };
      return [
        { label: "no models", input: { source: "m.csv", models: [] }, field: "models" },
        { label: "script tag in a display name", input: { source: "m.csv", models: [model({ displayName: SCRIPT })] }, field: "models" },
        { label: "the same slug twice", input: { source: "m.csv", models: [model({}), model({})] }, field: "models" },
        { label: "a file that is not a sha256", input: { source: "m.csv", models: [model({}, [{ ...file, sha256: "../etc/passwd" }])] }, field: "models" },
        { label: "a file name with ..", input: { source: "m.csv", models: [model({}, [{ ...file, name: "../x.py" }])] }, field: "models" },
        { label: "HTML in the source", input: { source: "<b>m</b>.csv", models: [model({})] }, field: "source" },
      ];
    },
    targetType: "model_import",
    targetId: (_world, output) => z.object({ importId: z.uuid() }).parse(output).importId,
    verify: async (world) => {
      expect(await prisma.model.findUniqueOrThrow({ where: { slug: "bulk-fixture" } })).toMatchObject({ team: "risk", ownerId: world.admin.id });
    },
  },
  "models.bulk_import_queue": {
    bound: bind(requestBulkImport),
    valid: () => ({ importId: FIXED_ID, fileName: "models.csv", upload: new TextEncoder().encode("slug,displayName,team\nq-1,Queued,risk\n"), models: 1 }),
    invalid: () => {
      const ok = { importId: FIXED_ID, fileName: "models.csv", upload: new Uint8Array(8), models: 1 };
      return [
        { label: "an empty upload", input: { ...ok, upload: new Uint8Array(0) }, field: "upload" },
        { label: "an upload over 50 MB", input: { ...ok, upload: new Uint8Array(50 * 1024 * 1024 + 1) }, field: "upload" },
        { label: "the upload as text", input: { ...ok, upload: "slug\n" }, field: "upload" },
        { label: "HTML in the file name", input: { ...ok, fileName: "<b>m</b>.csv" }, field: "fileName" },
        { label: "an import id that is a path", input: { ...ok, importId: "../x" }, field: "importId" },
        { label: "no models", input: { ...ok, models: 0 }, field: "models" },
      ];
    },
    targetType: "model_import",
    targetId: () => FIXED_ID,
    verify: async () => {
      expect(await prisma.bulkImport.findUniqueOrThrow({ where: { id: FIXED_ID } })).toMatchObject({ fileName: "models.csv", finishedAt: null });
      expect(await prisma.model.count({ where: { slug: "q-1" } })).toBe(0);
    },
  },
  "runs.create_for_bulk": {
    bound: bind(createBulkRun),
    valid: (world) => ({ deploymentId: world.runs.deploymentId, runId: FIXED_ID }),
    invalid: (world) => [
      { label: "run id that is not a UUID", input: { deploymentId: world.runs.deploymentId, runId: "mine" }, field: "runId" },
      { label: "deployment id with markup", input: { deploymentId: SCRIPT, runId: FIXED_ID }, field: "deploymentId" },
    ],
    targetType: "run",
    targetId: () => FIXED_ID,
    verify: async (world) => {
      expect(await prisma.run.findUniqueOrThrow({ where: { id: FIXED_ID } })).toMatchObject({ deploymentId: world.runs.deploymentId, status: "PENDING", startedById: world.admin.id });
    },
  },
  "runs.start_bulk": {
    bound: bind(requestBulkStart),
    valid: (world) => ({ deploymentIds: [world.runs.deploymentId] }),
    invalid: (world) => [
      { label: "no deployments", input: { deploymentIds: [] }, field: "deploymentIds" },
      { label: "a deployment twice", input: { deploymentIds: [world.runs.deploymentId, world.runs.deploymentId] }, field: "deploymentIds" },
      { label: "501 deployments", input: { deploymentIds: Array.from({ length: 501 }, () => crypto.randomUUID()) }, field: "deploymentIds" },
    ],
    targetType: "bulk_start",
    targetId: (_world, output) => z.object({ bulkStartId: z.uuid() }).parse(output).bulkStartId,
    // Queued only: the runs are created by a worker, as the caller.
    verify: async (world) => {
      expect(await prisma.bulkStartItem.findMany({ select: { deploymentId: true, status: true } })).toEqual([{ deploymentId: world.runs.deploymentId, status: "PENDING" }]);
      expect(await prisma.run.count({ where: { deploymentId: world.runs.deploymentId, startedById: world.admin.id } })).toBe(0);
    },
  },
  "runs.rerun_for_bulk": {
    bound: bind(rerunBulkRun),
    valid: (world) => ({ runId: world.runs.failedRunId, newRunId: FIXED_ID }),
    invalid: (world) => [{ label: "new run id with markup", input: { runId: world.runs.failedRunId, newRunId: SCRIPT }, field: "newRunId" }],
    targetType: "run",
    targetId: () => FIXED_ID,
    verify: async (world) => {
      expect(await prisma.run.findUniqueOrThrow({ where: { id: FIXED_ID } })).toMatchObject({ rerunOfId: world.runs.failedRunId, status: "PENDING" });
    },
  },
  "runs.bulk_action": {
    bound: bind(requestBulkRunAction),
    valid: (world) => ({ action: "stop", runIds: [world.runs.runningRunId] }),
    invalid: (world) => [
      { label: "an unknown action", input: { action: "delete", runIds: [world.runs.runningRunId] }, field: "action" },
      { label: "a run twice", input: { action: "stop", runIds: [world.runs.runningRunId, world.runs.runningRunId] }, field: "runIds" },
      { label: "a run id that is a path", input: { action: "stop", runIds: ["../runs"] }, field: "runIds" },
    ],
    targetType: "bulk_run_action",
    targetId: (_world, output) => z.object({ bulkId: z.uuid() }).parse(output).bulkId,
    // Queued only: the run keeps running until a worker stops it as the caller.
    verify: async (world) => {
      expect(await prisma.bulkRunActionItem.findMany({ select: { runId: true, status: true } })).toEqual([{ runId: world.runs.runningRunId, status: "PENDING" }]);
      expect((await prisma.run.findUniqueOrThrow({ where: { id: world.runs.runningRunId } })).status).toBe("RUNNING");
    },
  },
  "runs.create": {
    bound: bind(createRun),
    valid: (world) => ({ deploymentId: world.runs.deploymentId }),
    invalid: (world) => [
      { label: "deployment id that is not a UUID", input: { deploymentId: "demo" }, field: "deploymentId" },
      { label: "deployment id with markup", input: { deploymentId: SCRIPT }, field: "deploymentId" },
      { label: "an edited input that is not the pipeline's", input: { deploymentId: world.runs.deploymentId, input: { Steps: {} } }, field: "input" },
    ],
    targetType: "run",
    targetId: (_world, output) => idOf(output),
    verify: async (world) => {
      expect(await prisma.run.count({ where: { deploymentId: world.runs.deploymentId, status: "PENDING", startedById: world.admin.id } })).toBe(1);
    },
  },
  "runs.rerun": {
    bound: bind(rerunRun),
    valid: (world) => ({ runId: world.runs.failedRunId }),
    invalid: () => [{ label: "run id that is not a UUID", input: { runId: "last" }, field: "runId" }],
    targetType: "run",
    targetId: (_world, output) => idOf(output),
    verify: async (world) => {
      expect(await prisma.run.count({ where: { rerunOfId: world.runs.failedRunId, status: "PENDING" } })).toBe(1);
    },
  },
  "runs.stop": {
    bound: bind(stopRun),
    valid: (world) => ({ runId: world.runs.runningRunId }),
    invalid: () => [{ label: "run id with markup", input: { runId: SCRIPT }, field: "runId" }],
    targetType: "run",
    targetId: (world) => world.runs.runningRunId,
    // The command records the intent; StopExecution and the status change follow outside it (lib/runs/operations.ts).
    verify: async (world) => {
      expect((await prisma.run.findUniqueOrThrow({ where: { id: world.runs.runningRunId } })).status).toBe("RUNNING");
    },
  },
  "runs.redrive": {
    bound: bind(redriveRun),
    valid: (world) => ({ runId: world.runs.failedRunId }),
    invalid: () => [{ label: "run id as a path", input: { runId: "../runs" }, field: "runId" }],
    targetType: "run",
    targetId: (world) => world.runs.failedRunId,
    verify: async (world) => {
      expect((await prisma.run.findUniqueOrThrow({ where: { id: world.runs.failedRunId } })).status).toBe("FAILED");
    },
  },
  "deployments.request": {
    bound: bind(requestDeployment),
    valid: (world) => ({ modelId: world.deployments.requestableModelId, pipelineVersionId: world.publishedVersionId, environmentId: world.environmentId }),
    invalid: (world) => [
      { label: "model by slug instead of id", input: { modelId: "churn", pipelineVersionId: world.publishedVersionId, environmentId: world.environmentId }, field: "modelId" },
      { label: "parameters without a role", input: { modelId: world.deployments.modelId, pipelineVersionId: world.publishedVersionId, environmentId: world.environmentId, parameters: { outputUri: "s3://b/o/", scripts: {}, steps: {} } }, field: "parameters" },
      { label: "parameters with an http output", input: { modelId: world.deployments.modelId, pipelineVersionId: world.publishedVersionId, environmentId: world.environmentId, parameters: { roleArn: "r", outputUri: "http://x", scripts: {}, steps: {} } }, field: "parameters" },
    ],
    targetType: "deployment",
    targetId: (_world, output) => idOf(output),
    verify: async (world) => {
      expect(await prisma.deployment.count({ where: { modelId: world.deployments.requestableModelId, status: "PENDING_APPROVAL" } })).toBe(1);
    },
  },
  "deployments.approve": {
    bound: bind(approveDeployment),
    valid: (world) => ({ deploymentId: world.deployments.pendingDeploymentId, fingerprint: world.deployments.pendingFingerprint, comment: "Looks right" }),
    invalid: (world) => [
      { label: "fingerprint that is not a sha256", input: { deploymentId: world.deployments.pendingDeploymentId, fingerprint: "abc" }, field: "fingerprint" },
      { label: "markup in the comment", input: { deploymentId: world.deployments.pendingDeploymentId, fingerprint: world.deployments.pendingFingerprint, comment: SCRIPT }, field: "comment" },
    ],
    targetType: "deployment",
    targetId: (world) => world.deployments.pendingDeploymentId,
    verify: async (world) => {
      expect(await prisma.deployment.findUniqueOrThrow({ where: { id: world.deployments.pendingDeploymentId } })).toMatchObject({ status: "APPROVED", decidedById: world.admin.id });
    },
  },
  "deployments.reject": {
    bound: bind(rejectDeployment),
    valid: (world) => ({ deploymentId: world.deployments.pendingDeploymentId, comment: "Use the newer image" }),
    invalid: (world) => [
      { label: "no reason", input: { deploymentId: world.deployments.pendingDeploymentId, comment: "" }, field: "comment" },
      { label: "comment too long", input: { deploymentId: world.deployments.pendingDeploymentId, comment: "c".repeat(2001) }, field: "comment" },
    ],
    targetType: "deployment",
    targetId: (world) => world.deployments.pendingDeploymentId,
    verify: async (world) => {
      expect(await prisma.deployment.findUniqueOrThrow({ where: { id: world.deployments.pendingDeploymentId } })).toMatchObject({ status: "REJECTED", decisionComment: "Use the newer image" });
    },
  },
  "deployments.withdraw": {
    bound: bind(withdrawDeployment),
    valid: (world) => ({ deploymentId: world.deployments.pendingDeploymentId }),
    invalid: () => [{ label: "deployment id with markup", input: { deploymentId: SCRIPT }, field: "deploymentId" }],
    targetType: "deployment",
    targetId: (world) => world.deployments.pendingDeploymentId,
    verify: async (world) => {
      expect((await prisma.deployment.findUniqueOrThrow({ where: { id: world.deployments.pendingDeploymentId } })).status).toBe("WITHDRAWN");
    },
  },
  "deployments.deploy": {
    bound: bind(startDeploy),
    valid: (world) => ({ deploymentId: world.deployments.approvedDeploymentId }),
    invalid: () => [{ label: "deployment id as a number", input: { deploymentId: 1 }, field: "deploymentId" }],
    targetType: "deployment",
    targetId: (world) => world.deployments.approvedDeploymentId,
    verify: async (world) => {
      expect((await prisma.deployment.findUniqueOrThrow({ where: { id: world.deployments.approvedDeploymentId } })).status).toBe("DEPLOYING");
    },
  },
  "deployments.deploy_finished": {
    bound: bind(finishDeploy),
    valid: (world) => ({ deploymentId: world.deployingDeploymentId, outcome: { ok: false, error: "States.AccessDenied: not allowed" } }),
    invalid: (world) => [
      { label: "an outcome without its version", input: { deploymentId: world.deployingDeploymentId, outcome: { ok: true, arn: MACHINE_ARN } }, field: "outcome" },
      { label: "an empty error", input: { deploymentId: world.deployingDeploymentId, outcome: { ok: false, error: "" } }, field: "outcome" },
    ],
    targetType: "deployment",
    targetId: (world) => world.deployingDeploymentId,
    verify: async (world) => {
      expect(await prisma.deployment.findUniqueOrThrow({ where: { id: world.deployingDeploymentId } })).toMatchObject({ status: "FAILED", deployError: "States.AccessDenied: not allowed" });
    },
  },
  "deployments.parity_start": {
    bound: bind(startParity),
    valid: (world) => ({ deploymentId: world.deployments.pendingDeploymentId, goldenInput: { fileName: "golden.csv", content: "1,2\n" }, legacyOutput: { fileName: "out.csv", content: "a\n1\n" }, tolerance: 0.001 }),
    invalid: (world) => {
      const ok = { deploymentId: world.deployments.pendingDeploymentId, goldenInput: { fileName: "golden.csv", content: "1,2\n" }, legacyOutput: { fileName: "out.csv", content: "a\n1\n" } };
      return [
        { label: "legacy output as parquet", input: { ...ok, legacyOutput: { fileName: "out.parquet", content: "x" } }, field: "legacyOutput" },
        { label: "path in the file name", input: { ...ok, goldenInput: { fileName: "../etc/passwd", content: "x" } }, field: "goldenInput" },
        { label: "negative tolerance", input: { ...ok, tolerance: -1 }, field: "tolerance" },
      ];
    },
    targetType: "deployment",
    targetId: (world) => world.deployments.pendingDeploymentId,
    verify: async (world) => {
      expect((await prisma.deployment.findUniqueOrThrow({ where: { id: world.deployments.pendingDeploymentId } })).parity).toMatchObject({ status: "RUNNING", tolerance: 0.001 });
    },
  },
  "environments.run_events": {
    bound: bind(recordRunEvents),
    valid: (world) => ({ environmentId: world.environmentId, queueUrl: "http://127.0.0.1:4599/000000000000/ferry-run-events" }),
    invalid: (world) => [
      { label: "a script URL", input: { environmentId: world.environmentId, queueUrl: "javascript:alert(1)" }, field: "queueUrl" },
      { label: "another queue", input: { environmentId: world.environmentId, queueUrl: "http://127.0.0.1:4599/000000000000/other" }, field: "queueUrl" },
    ],
    targetType: "environment",
    targetId: (world) => world.environmentId,
    verify: async (world) => {
      expect((await prisma.environment.findUniqueOrThrow({ where: { id: world.environmentId } })).eventsQueueUrl).toBe("http://127.0.0.1:4599/000000000000/ferry-run-events");
    },
  },
  "environments.save": {
    bound: bind(saveEnvironment),
    valid: () => ({
      kind: "AWS",
      requireParity: true,
      aws: { name: "prod-eu", region: "eu-west-1", accountId: "123456789012", stateMachineRoleArn: "arn:aws:iam::123456789012:role/s", sagemakerRoleArn: "arn:aws:iam::123456789012:role/m", bucket: "ferry-prod-eu" },
    }),
    invalid: () => {
      const aws = { name: "prod-eu", region: "eu-west-1", accountId: "123456789012", stateMachineRoleArn: "arn:aws:iam::123456789012:role/s", sagemakerRoleArn: "arn:aws:iam::123456789012:role/m", bucket: "ferry-prod-eu" };
      return [
        { label: "AWS without settings", input: { kind: "AWS" }, field: "aws" },
        { label: "role in another account", input: { kind: "AWS", aws: { ...aws, sagemakerRoleArn: "arn:aws:iam::999999999999:role/m" } }, field: "aws" },
        { label: "upper-case bucket", input: { kind: "AWS", aws: { ...aws, bucket: "Ferry" } }, field: "aws" },
        { label: "markup in the name", input: { kind: "AWS", aws: { ...aws, name: SCRIPT } }, field: "aws" },
      ];
    },
    targetType: "environment",
    targetId: (_world, output) => idOf(output),
    verify: async () => {
      expect(await prisma.environment.findUniqueOrThrow({ where: { name: "prod-eu" } })).toMatchObject({ kind: "AWS", requireParity: true, endpointOverride: null });
    },
  },
  "tokens.create": {
    bound: bind(createToken),
    valid: () => ({ name: "ci deploys", scope: "ROLES", expiresInDays: 30 }),
    invalid: () => [
      { label: "more than a year", input: { name: "ci", scope: "ROLES", expiresInDays: 366 }, field: "expiresInDays" },
      { label: "a scope beyond the user's roles", input: { name: "ci", scope: "ADMIN", expiresInDays: 30 }, field: "scope" },
      { label: "markup in the name", input: { name: SCRIPT, scope: "READ", expiresInDays: 30 }, field: "name" },
    ],
    targetType: "api_token",
    targetId: (_world, output) => idOf(output),
    verify: async (world) => {
      expect(await prisma.apiToken.findFirstOrThrow({ where: { userId: world.admin.id, name: "ci deploys" } })).toMatchObject({ scope: "ROLES", roles: ["ADMIN"], revokedAt: null });
    },
  },
  "tokens.revoke": {
    bound: bind(revokeToken),
    valid: (world) => ({ tokenId: world.automation.tokenId }),
    invalid: () => [{ label: "an id that is not a UUID", input: { tokenId: "1" }, field: "tokenId" }],
    targetType: "api_token",
    targetId: (world) => world.automation.tokenId,
    verify: async (world) => {
      expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: world.automation.tokenId } })).revokedAt).not.toBeNull();
    },
  },
  "webhooks.create_endpoint": {
    bound: bind(createWebhookEndpoint),
    valid: () => ({ url: `${PUBLIC_HOOK}/new`, events: ["deployment.requested", "run.failed"] }),
    invalid: () => [
      { label: "credentials in the URL", input: { url: "https://user:pw@93.184.216.34/", events: ["run.failed"] }, field: "url" },
      { label: "a file URL", input: { url: "file:///etc/passwd", events: ["run.failed"] }, field: "url" },
      { label: "no events", input: { url: PUBLIC_HOOK, events: [] }, field: "events" },
      { label: "an unknown event", input: { url: PUBLIC_HOOK, events: ["everything"] }, field: "events" },
    ],
    targetType: "webhook_endpoint",
    targetId: (_world, output) => idOf(output),
    verify: async () => {
      expect(await prisma.webhookEndpoint.findFirstOrThrow({ where: { url: `${PUBLIC_HOOK}/new` } })).toMatchObject({ events: ["deployment.requested", "run.failed"], enabled: true });
    },
  },
  "webhooks.set_enabled": {
    bound: bind(setWebhookEndpointEnabled),
    valid: (world) => ({ endpointId: world.automation.endpointId, enabled: false }),
    invalid: (world) => [{ label: "enabled as text", input: { endpointId: world.automation.endpointId, enabled: "no" }, field: "enabled" }],
    targetType: "webhook_endpoint",
    targetId: (world) => world.automation.endpointId,
    verify: async (world) => {
      expect((await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: world.automation.endpointId } })).enabled).toBe(false);
    },
  },
  "webhooks.delete_endpoint": {
    bound: bind(deleteWebhookEndpoint),
    valid: (world) => ({ endpointId: world.automation.endpointId }),
    invalid: () => [{ label: "an id that is not a UUID", input: { endpointId: "1" }, field: "endpointId" }],
    targetType: "webhook_endpoint",
    targetId: (world) => world.automation.endpointId,
    verify: async (world) => {
      expect(await prisma.webhookDelivery.count({ where: { endpointId: world.automation.endpointId } })).toBe(0);
    },
  },
  "webhooks.resend": {
    bound: bind(resendWebhookDelivery),
    valid: (world) => ({ deliveryId: world.automation.deliveryId }),
    invalid: () => [{ label: "an id that is not a UUID", input: { deliveryId: "1" }, field: "deliveryId" }],
    targetType: "webhook_delivery",
    targetId: (world) => world.automation.deliveryId,
    verify: async (world) => {
      expect((await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: world.automation.deliveryId } })).status).toBe("PENDING");
    },
  },
  "webhooks.allow_host": {
    bound: bind(allowWebhookHost),
    valid: () => ({ host: "Chat.Internal." }),
    invalid: () => [
      { label: "a URL instead of a host", input: { host: "https://chat.internal/hook" }, field: "host" },
      { label: "a host with a port", input: { host: "chat.internal:8080/x" }, field: "host" },
    ],
    targetType: "webhook_host",
    targetId: () => "chat.internal",
    verify: async () => {
      expect(await prisma.webhookAllowedHost.findUnique({ where: { host: "chat.internal" } })).not.toBeNull();
    },
  },
  "webhooks.disallow_host": {
    bound: bind(disallowWebhookHost),
    valid: (world) => ({ host: world.automation.allowedHost }),
    invalid: () => [{ label: "a path", input: { host: "a/b" }, field: "host" }],
    targetType: "webhook_host",
    targetId: (world) => world.automation.allowedHost,
    verify: async (world) => {
      expect(await prisma.webhookAllowedHost.findUnique({ where: { host: world.automation.allowedHost } })).toBeNull();
    },
  },
  "notifications.mark_read": {
    bound: bind(markNotificationsRead),
    // Someone else's notification: the command succeeds and leaves it unread.
    valid: (world) => ({ ids: [world.deployments.requesterNotificationId] }),
    invalid: () => [{ label: "an id that is not a UUID", input: { ids: ["1"] }, field: "ids" }, { label: "no ids", input: { ids: [] }, field: "ids" }],
    targetType: "user",
    targetId: (world) => world.admin.id,
    verify: async (world) => {
      expect((await prisma.notification.findUniqueOrThrow({ where: { id: world.deployments.requesterNotificationId } })).readAt).toBeNull();
    },
  },
};

/** Values of the wrong kind for a field; those the field's own schema accepts are skipped per field. */
const MISSING = Symbol("missing");
const BAD_VALUES: { label: string; value: unknown }[] = [
  { label: "a number", value: 42 },
  { label: "null", value: null },
  { label: "true", value: true },
  { label: "an object", value: { nested: "x" } },
  { label: "an array of junk", value: [1, { a: 2 }] },
  { label: "an empty string", value: "" },
  { label: "a 1 MB string", value: MEGABYTE },
  { label: "a script tag", value: SCRIPT },
  { label: "nothing (field missing)", value: MISSING },
];

/** Whole inputs that are not an object of fields at all. */
const GARBAGE: { label: string; value: unknown }[] = [
  { label: "undefined", value: undefined },
  { label: "null", value: null },
  { label: "an empty object", value: {} },
  { label: "a string", value: "userId=1&roles=ADMIN" },
  { label: "an array", value: [] },
  { label: "a number", value: 1 },
  { label: "a 1 MB string", value: MEGABYTE },
];

/** A command without a fixture still gets its tests, each failing with this message (not a crash of the whole file). */
function missingFixture(name: string): Fixture {
  const fail = (): never => {
    throw new Error(`${name} has no fixture in tests/commands/all-commands.integration.test.ts: add one`);
  };
  return { bound: { command: {}, execute: fail }, valid: fail, invalid: fail, targetType: "", targetId: fail, verify: fail };
}

function fixtureFor(command: AnyCommand): Fixture {
  const fixture = FIXTURES[command.name];
  if (!fixture) return missingFixture(command.name);
  if (fixture.bound.command !== command) throw new Error(`the fixture for ${command.name} is bound to another command`);
  return fixture;
}

function fieldsOf(command: AnyCommand): Record<string, z.ZodType> {
  if (!(command.input instanceof z.ZodObject)) throw new Error(`${command.name}: input is not a z.object`);
  return command.input.shape as Record<string, z.ZodType>;
}

function run(command: AnyCommand, actor: Actor | null, input: unknown): Promise<unknown> {
  return fixtureFor(command).bound.execute(actor, input);
}

async function makeWorld(): Promise<World> {
  const [admin, otherAdmin, ds, mlops, noRole, target] = await Promise.all([
    makeUser(["ADMIN"]),
    makeUser(["ADMIN"]),
    makeUser(["DATA_SCIENTIST"]),
    makeUser(["MLOPS_ENGINEER"]),
    makeUser([]),
    makeUser(["DATA_SCIENTIST"]),
  ]);
  await makeSession(target.id);
  await makeSession(ds.id);
  const environment = await ensureEmbeddedEnvironment(prisma, "us-east-1");
  const draft = await executeCommand(prisma, createPipeline, mlops, { name: pipelineName("draft") });
  const published = await executeCommand(prisma, createPipeline, mlops, { name: pipelineName("published") });
  const version = await executeCommand(prisma, publishPipelineVersion, mlops, { pipelineId: published.id });
  // The deployments' images are registered first: the runs' deployment binds the catalog as it then is.
  const deployments = await makeDeploymentWorld({ requester: ds, approver: otherAdmin, owner: ds }, environment.id, version.id);
  const runs = await makeRunFixtures(ds, version.id, environment.id);
  const catalog = await makeCatalogFixtures(ds);
  const automation = await makeAutomationFixtures(admin);
  const builds = await makeBuildFixtures(admin, environment.id);
  const release = await executeCommand(prisma, requestRelease, mlops, { pipelineVersionId: version.id, environmentId: environment.id });
  // A model of its own: deployments.modelId already has a request waiting, and only one may wait per model and environment.
  const deployingModel = await makeDeployableModel({ bucket: "ferry-embedded", owner: ds });
  const deploying = await executeCommand(prisma, requestDeployment, ds, { modelId: deployingModel.id, pipelineVersionId: version.id, environmentId: environment.id });
  await executeCommand(prisma, approveDeployment, otherAdmin, { deploymentId: deploying.id, fingerprint: deploying.artifactFingerprint });
  await executeCommand(prisma, startDeploy, otherAdmin, { deploymentId: deploying.id });
  return {
    admin,
    otherAdmin,
    ds,
    mlops,
    noRole,
    target,
    draftPipelineId: draft.id,
    publishedVersionId: version.id,
    environmentId: environment.id,
    deployingReleaseId: release.id,
    deployingDeploymentId: deploying.id,
    runs,
    deployments,
    catalog,
    automation,
    builds,
  };
}

afterAll(() => disconnectPrisma());

/** The names of every `defineCommand({ name: "…" })` in lib/, read from the source. */
function commandNamesInSource(): string[] {
  const files = readdirSync("lib", { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  return files.flatMap((file) => [...readFileSync(`lib/${file}`, "utf8").matchAll(/defineCommand\(\{\s*name:\s*"([^"]+)"/g)].map((m) => m[1] ?? ""));
}

describe("ALL_COMMANDS", () => {
  it("has a fixture for every command, and unique names", () => {
    const names = ALL_COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const command of ALL_COMMANDS) {
      expect(FIXTURES[command.name], `${command.name} needs a fixture`).toBeDefined();
      expect(() => fixtureFor(command), command.name).not.toThrow();
    }
    expect(names).toEqual(expect.arrayContaining(["users.create", "users.set_roles", "users.set_disabled"]));
  });

  it("lists every command defined in lib/ (the list lives with the tests, so a new command must be added to it)", () => {
    expect(commandNamesInSource().sort()).toEqual(ALL_COMMANDS.map((c) => c.name).sort());
  });

  it("keeps user management away from data scientists and MLOps engineers", () => {
    for (const name of ["users.create", "users.set_roles", "users.set_disabled"]) {
      const command = ALL_COMMANDS.find((c) => c.name === name);
      expect(command, name).toBeDefined();
      if (!command) continue;
      expect(can({ roles: ["DATA_SCIENTIST"] }, command.permission)).toBe(false);
      expect(can({ roles: ["MLOPS_ENGINEER"] }, command.permission)).toBe(false);
      expect(can({ roles: ["ADMIN"] }, command.permission)).toBe(true);
    }
  });
});

describe.each(ALL_COMMANDS.map((command) => ({ name: command.name, command })))("$name refuses", ({ command }) => {
  let world: World;
  const fixture = fixtureFor(command);

  beforeAll(async () => {
    await resetDatabase();
    world = await makeWorld();
  });

  it("an anonymous caller, as UNAUTHENTICATED, changing nothing", async () => {
    const error = await expectRefusedWithoutChange(() => run(command, null, fixture.valid(world)), "UNAUTHENTICATED");
    expect(error.userMessage).toBe("Your session has ended. Sign in again to continue.");
  });

  it("every caller without the permission, as FORBIDDEN, changing nothing, whatever the input", async () => {
    const lacking = [world.ds, world.mlops, world.noRole].filter((actor) => !can(actor, command.permission));
    expect(lacking).toContain(world.noRole);
    for (const actor of lacking) {
      for (const input of [fixture.valid(world), {}, undefined, { userId: actor.id, roles: ["ADMIN"] }]) {
        const error = await expectRefusedWithoutChange(() => run(command, actor, input), "FORBIDDEN");
        expect(error.userMessage).toBe("Your role does not allow this action.");
        // Role before input: a caller without the role learns nothing about what input would be accepted.
        expect(error.fieldErrors).toBeUndefined();
      }
    }
    expect(await rolesOf(world.ds.id)).toEqual(["DATA_SCIENTIST"]);
  });

  it.each(GARBAGE)("an input that is $label, as INVALID_INPUT with a clear message", async ({ value }) => {
    const error = await expectRefusedWithoutChange(() => run(command, world.admin, value), "INVALID_INPUT");
    expect(error.userMessage).toMatch(/^Please correct the input\. \S/);
    expect(error.userMessage.length).toBeLessThan(300);
  });

  it("hand-picked bad inputs, naming the field", async () => {
    const cases = fixture.invalid(world);
    expect(cases.length).toBeGreaterThan(0);
    for (const { label, input, field } of cases) {
      const error = await expectRefusedWithoutChange(() => run(command, world.admin, input), "INVALID_INPUT");
      expect(error.userMessage, label).toContain(field);
      expect(Object.keys(error.fieldErrors ?? {}).some((key) => key === field || key.startsWith(`${field}.`)), label).toBe(true);
      expect(error.userMessage.length, label).toBeLessThan(300);
    }
  });

  it("each field given a value of the wrong kind, naming the field", async () => {
    const fields = fieldsOf(command);
    let checked = 0;
    for (const [field, schema] of Object.entries(fields)) {
      for (const { label, value } of BAD_VALUES) {
        // Skip what the field itself accepts: a script tag is a fine password, a missing description defaults to "".
        if (schema.safeParse(value === MISSING ? undefined : value).success) continue;
        const input: Input = { ...fixture.valid(world) };
        if (value === MISSING) delete input[field];
        else input[field] = value;
        const error = await expectRefusedWithoutChange(() => run(command, world.admin, input), "INVALID_INPUT");
        expect(error.userMessage, `${field} = ${label}`).toContain(field);
        expect(error.fieldErrors?.[field] ?? Object.entries(error.fieldErrors ?? {}).find(([k]) => k.startsWith(`${field}.`)), `${field} = ${label}`).toBeDefined();
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(Object.keys(fields).length * 4);
  });
});

describe.each(ALL_COMMANDS.map((command) => ({ name: command.name, command })))("$name succeeds for an admin", ({ command }) => {
  let world: World;
  const fixture = fixtureFor(command);

  beforeEach(async () => {
    await resetDatabase();
    world = await makeWorld();
  });

  it("and writes exactly one audit event naming actor, action, target and summary", async () => {
    const auditBefore = await prisma.auditEvent.count();
    const input = fixture.valid(world);
    const startedAt = new Date(Date.now() - 1000);
    const output = await run(command, world.admin, input);
    await fixture.verify(world, input);

    const events = await prisma.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(events).toHaveLength(auditBefore + 1);
    const event = events.at(-1);
    expect(event).toMatchObject({
      actorId: world.admin.id,
      actorEmail: world.admin.email,
      action: command.name,
      targetType: fixture.targetType,
      targetId: fixture.targetId(world, output),
    });
    expect(event?.summary.trim().length).toBeGreaterThan(5);
    expect(event?.createdAt.getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
    expect(event?.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("and the same input from a caller without the permission afterwards still changes nothing", async () => {
    await run(command, world.admin, fixture.valid(world));
    const before = await fingerprint();
    // A data scientist where the command is not theirs; catalog commands are, so then a caller with no role.
    const outsider = [world.ds, world.noRole].find((actor) => !can(actor, command.permission)) ?? world.noRole;
    await expectRefusedWithoutChange(() => run(command, outsider, fixture.valid(world)), "FORBIDDEN");
    expect(await fingerprint()).toEqual(before);
  });
});
