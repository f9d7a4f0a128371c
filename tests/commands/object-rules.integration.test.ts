// Object-level rules, command by command: for every role, the object's owner may, another user of the same role
// may not (unless the rule grants that role), a member of the model's team may where the rule says so, and an
// admin may. Every refusal is FORBIDDEN, names who may, and changes nothing. Expectations are written out here,
// not derived from OBJECT_RULES, so a change to the table must be made on purpose in both places.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Actor, Role } from "@/lib/auth/permissions";
import { ALL_COMMANDS } from "./all-commands";
import { executeCommand, type Command } from "@/lib/commands/command";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { ensureEmbeddedEnvironment } from "@/lib/environments/embedded";
import { createPipeline, publishPipelineVersion } from "@/lib/pipelines/commands";
import { saveModel } from "@/lib/catalog/models/upsert";
import { transferModel } from "@/lib/catalog/models/ownership";
import { deleteImage, recordImageRuntime, recordImageVerification, setImageStatus } from "@/lib/catalog/images/commands";
import { requestBuild } from "@/lib/catalog/images/build/request";
import { stopImageBuild } from "@/lib/catalog/images/build/stop";
import { recordCodeVersion, removeScripts, setScriptStage } from "@/lib/catalog/scripts/code-versions";
import { recordGitImport } from "@/lib/catalog/git/import-command";
import { requestDeployment, withdrawDeployment } from "@/lib/deployments/commands";
import { redriveRun, stopRun } from "@/lib/runs/commands";
import { makeDeployableModel } from "../deployments/world";
import { makeRunFixtures } from "../runs/command-fixtures";
import { resetDatabase } from "../setup/db";
import { expectRefusedWithoutChange, makeUser } from "./world";

const TEAM = "risk";
const ROLES: Role[] = ["DATA_SCIENTIST", "MLOPS_ENGINEER", "ADMIN"];
type Input = Record<string, unknown>;
type Execute = (actor: Actor, input: Input) => Promise<unknown>;
type People = { owner: Actor; other: Actor; teammate: Actor };

let people: Record<Role, People>;
let admin: Actor;
let environmentId: string;
let versionId: string;

const bind = <S extends z.ZodType, O>(command: Command<S, O>): { command: object; execute: Execute } => ({
  command,
  execute: (actor, input) => executeCommand(prisma, command, actor, input),
});
const hex = () => randomBytes(3).toString("hex");
const SHA = "ab".repeat(32);

async function ownedModel(owner: Actor) {
  const slug = `obj-${hex()}`;
  const model = await prisma.model.create({ data: { slug, displayName: slug, team: TEAM, ownerId: owner.id, tags: ["keep"], description: "kept" } });
  const script = await prisma.script.create({ data: { modelId: model.id, name: "helpers.py" } });
  await prisma.codeVersion.create({
    data: { modelId: model.id, version: 1, s3Uri: `s3://ferry-embedded/ferry/code/${slug}/1/`, files: [{ name: "helpers.py", sha256: "1".repeat(64), sizeBytes: 3 }, { name: "notes.txt", sha256: "2".repeat(64), sizeBytes: 3 }], createdById: owner.id },
  });
  return { modelId: model.id, scriptId: script.id };
}

async function ownedImage(owner: Actor, kind: "FRAMEWORK" | "CUSTOM" = "CUSTOM") {
  const image = await prisma.image.create({ data: { uri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/obj-${hex()}:1`, kind, ownerId: owner.id } });
  await prisma.imageVersion.create({ data: { imageId: image.id, version: 1, createdById: owner.id } });
  return image.id;
}

type Expect = { otherDataScientist: boolean; otherMlops: boolean; teammate: boolean };
const OWNER_ONLY: Expect = { otherDataScientist: false, otherMlops: false, teammate: false };
const EDITORS: Expect = { otherDataScientist: false, otherMlops: false, teammate: true };
const EDITORS_AND_MLOPS: Expect = { otherDataScientist: false, otherMlops: true, teammate: true };
const STARTER_AND_MLOPS: Expect = { otherDataScientist: false, otherMlops: true, teammate: false };

type Case = { bound: { command: object; execute: Execute }; expect: Expect; arrange: (owner: Actor) => Promise<Input> };

const CASES: Record<string, Case> = {
  "models.save": { bound: bind(saveModel), expect: EDITORS, arrange: async (owner) => ({ id: (await ownedModel(owner)).modelId, displayName: "Renamed" }) },
  "models.transfer": {
    bound: bind(transferModel),
    expect: OWNER_ONLY,
    arrange: async (owner) => ({ modelId: (await ownedModel(owner)).modelId, ownerEmail: (await makeUser(["DATA_SCIENTIST"])).email }),
  },
  "scripts.upload": {
    bound: bind(recordCodeVersion),
    expect: EDITORS,
    arrange: async (owner) => ({ modelId: (await ownedModel(owner)).modelId, files: [{ name: "preprocess.py", sha256: SHA, sizeBytes: 10, readiness: [] }] }),
  },
  "git.import": {
    bound: bind(recordGitImport),
    expect: EDITORS,
    arrange: async (owner) => ({
      modelId: (await ownedModel(owner)).modelId,
      source: { url: "https://git.example.com/team/legacy.git", ref: "main" },
      commit: "cd".repeat(20),
      files: [{ name: "preprocess.py", sha256: SHA, sizeBytes: 10, readiness: [] }],
    }),
  },
  "scripts.remove": { bound: bind(removeScripts), expect: EDITORS, arrange: async (owner) => ({ modelId: (await ownedModel(owner)).modelId, names: ["notes.txt"] }) },
  "scripts.set_stage": { bound: bind(setScriptStage), expect: EDITORS, arrange: async (owner) => ({ scriptId: (await ownedModel(owner)).scriptId, stage: "INFERENCE" }) },
  "images.set_status": { bound: bind(setImageStatus), expect: OWNER_ONLY, arrange: async (owner) => ({ imageId: await ownedImage(owner), status: "DEPRECATED" }) },
  "images.delete": { bound: bind(deleteImage), expect: OWNER_ONLY, arrange: async (owner) => ({ imageId: await ownedImage(owner) }) },
  "images.record_runtime": {
    bound: bind(recordImageRuntime),
    expect: OWNER_ONLY,
    arrange: async (owner) => ({ imageId: await ownedImage(owner), runtime: { kind: "custom", buildContextUri: "s3://ferry-embedded/ferry/images/x/", files: ["Dockerfile"] } }),
  },
  "images.record_verification": { bound: bind(recordImageVerification), expect: OWNER_ONLY, arrange: async (owner) => ({ imageId: await ownedImage(owner), digest: `sha256:${SHA}` }) },
  "images.request_build": {
    bound: bind(requestBuild),
    expect: OWNER_ONLY,
    arrange: async (owner) => {
      // A build pushes into the environment's own account: the embedded one's is 000000000000.
      const repository = `obj-${hex()}`;
      await prisma.image.create({ data: { uri: `000000000000.dkr.ecr.us-east-1.amazonaws.com/${repository}:1`, kind: "CUSTOM", ownerId: owner.id } });
      return { environmentId, repository, tag: "1", contextUri: `s3://ferry-embedded/ferry/build-contexts/${SHA}/`, contextDigest: `sha256:${SHA}`, contextFiles: ["Dockerfile"] };
    },
  },
  "images.stop_build": {
    bound: bind(stopImageBuild),
    expect: OWNER_ONLY,
    arrange: async (owner) => {
      const repository = `obj-${hex()}`;
      const contextUri = `s3://ferry-embedded/ferry/build-contexts/${SHA}/`;
      const build = await executeCommand(prisma, requestBuild, owner, { environmentId, repository, tag: "1", contextUri, contextDigest: `sha256:${SHA}`, contextFiles: ["Dockerfile"] });
      return { buildId: build.id };
    },
  },
  "deployments.request": {
    bound: bind(requestDeployment),
    expect: EDITORS_AND_MLOPS,
    arrange: async (owner) => {
      const model = await makeDeployableModel({ bucket: "ferry-embedded", owner });
      await prisma.model.update({ where: { id: model.id }, data: { team: TEAM } });
      return { modelId: model.id, pipelineVersionId: versionId, environmentId };
    },
  },
  "deployments.withdraw": {
    bound: bind(withdrawDeployment),
    expect: OWNER_ONLY,
    arrange: async (owner) => {
      const model = await makeDeployableModel({ bucket: "ferry-embedded", owner });
      return { deploymentId: (await executeCommand(prisma, requestDeployment, owner, { modelId: model.id, pipelineVersionId: versionId, environmentId })).id };
    },
  },
  "runs.stop": { bound: bind(stopRun), expect: STARTER_AND_MLOPS, arrange: async (owner) => ({ runId: (await makeRunFixtures(owner, versionId, environmentId)).runningRunId }) },
  "runs.redrive": { bound: bind(redriveRun), expect: STARTER_AND_MLOPS, arrange: async (owner) => ({ runId: (await makeRunFixtures(owner, versionId, environmentId)).failedRunId }) },
};

/** Commands without an object to protect: creations, admin-only decisions, and the caller's own notifications. */
const NO_OBJECT: Record<string, string> = {
  "tokens.create": "a caller's own token",
  "tokens.revoke": "finds the token by id and its owner together: another user's token is not found",
  "webhooks.create_endpoint": "admins only",
  "webhooks.set_enabled": "admins only",
  "webhooks.delete_endpoint": "admins only",
  "webhooks.resend": "admins only",
  "webhooks.allow_host": "admins only",
  "webhooks.disallow_host": "admins only",
  "users.create": "admins only",
  "users.set_roles": "admins only",
  "users.set_disabled": "admins only",
  "pipelines.create": "creates",
  "pipelines.save_draft": "MLOps engineers and admins share pipelines",
  "pipelines.publish": "MLOps engineers and admins share pipelines",
  "pipelines.import": "creates",
  "pipelines.release": "MLOps engineers and admins share pipelines",
  "pipelines.release_finished": "records what AWS answered for a DEPLOYING release; run only by the release job (performRelease)",
  "models.bulk_import": "checks every existing model of the import against model:edit (tests/catalog/object-rules.integration.test.ts)",
  "runs.create": "any caller who may start runs may start a live deployment's run",
  "runs.rerun": "a new run, as runs.create",
  "runs.create_for_bulk": "a bulk start's run, as runs.create",
  "runs.rerun_for_bulk": "a bulk action's re-run, as runs.rerun",
  "runs.start_bulk": "queues runs.create_for_bulk per deployment, carried out as the caller",
  "runs.bulk_action": "queues runs.stop / runs.rerun_for_bulk / runs.redrive per run, each checked against its run as the caller (tests/runs/bulk-action.integration.test.ts)",
  "models.bulk_import_queue": "stores an upload; the import it queues checks every model against model:edit",
  "deployments.approve": "admins only, four eyes in the command",
  "deployments.reject": "admins only, four eyes in the command",
  "deployments.deploy": "admins only",
  "deployments.deploy_finished": "admins only; records what AWS answered for a DEPLOYING deploy",
  "deployments.parity_start": "the requester or an admin, checked in the command",
  "environments.save": "admins only",
  "environments.run_events": "admins only",
  "notifications.mark_read": "marks only the caller's own",
  "images.register": "creates",
  "git.allow_host": "admins only",
  "git.disallow_host": "admins only",
  "images.record_build": "a build's outcome, run only by its job: image:change was checked when the build was asked for (images.request_build), and an image registered at the URI since by someone else is refused (tests/builds)",
  "images.build_failed": "a build's outcome, run only by its job; changes the build row alone",
};

async function auditCount(name: string) {
  return prisma.auditEvent.count({ where: { action: name } });
}

async function expectAllowed(name: string, run: () => Promise<unknown>) {
  const before = await auditCount(name);
  await run();
  expect(await auditCount(name)).toBe(before + 1);
}

async function expectForbidden(run: () => Promise<unknown>) {
  const error = await expectRefusedWithoutChange(run, "FORBIDDEN");
  expect(error.userMessage).toMatch(/^Only .+ can .+\.$/);
}

beforeAll(async () => {
  await resetDatabase();
  admin = await makeUser(["ADMIN"]);
  const entries = await Promise.all(
    ROLES.map(async (role) => {
      const [owner, other, teammate] = await Promise.all([makeUser([role]), makeUser([role]), makeUser([role])]);
      await prisma.user.update({ where: { id: teammate.id }, data: { teams: [TEAM] } });
      return [role, { owner, other, teammate }] as const;
    }),
  );
  people = Object.fromEntries(entries) as Record<Role, People>;
  environmentId = (await ensureEmbeddedEnvironment(prisma, "us-east-1")).id;
  const pipeline = await executeCommand(prisma, createPipeline, admin, { name: `objects-${hex()}` });
  versionId = (await executeCommand(prisma, publishPipelineVersion, admin, { pipelineId: pipeline.id })).id;
  // Registers the deployable model's images once, before any run fixture binds the catalog.
  await makeDeployableModel({ bucket: "ferry-embedded", owner: admin });
});

afterAll(() => disconnectPrisma());

describe("object rules cover every command", () => {
  it("classifies each command: checked against an object here, or listed with why it has none", () => {
    for (const command of ALL_COMMANDS) {
      const covered = command.name in CASES;
      expect(covered || command.name in NO_OBJECT, `${command.name}: add a case or a NO_OBJECT reason`).toBe(true);
      expect(covered && NO_OBJECT[command.name], `${command.name} is in both lists`).toBeFalsy();
      if (covered) {
        expect(CASES[command.name]?.bound.command, command.name).toBe(command);
        expect(command.object, `${command.name} loads and checks its object`).toBeTypeOf("function");
      }
    }
  });
});

describe.each(Object.entries(CASES).map(([name, c]) => ({ name, c })))("$name", ({ name, c }) => {
  it.each(ROLES)("lets the owner act whatever their role (%s)", async (role) => {
    const owner = people[role].owner;
    const input = await c.arrange(owner);
    await expectAllowed(name, () => c.bound.execute(owner, input));
  });

  it.each(ROLES.filter((r) => r !== "ADMIN"))("another user with the same role (%s) only where the rule says", async (role) => {
    const { owner, other } = people[role];
    const input = await c.arrange(owner);
    const allowed = role === "DATA_SCIENTIST" ? c.expect.otherDataScientist : c.expect.otherMlops;
    if (allowed) await expectAllowed(name, () => c.bound.execute(other, input));
    else await expectForbidden(() => c.bound.execute(other, input));
  });

  it("a member of the model's team only where the rule says", async () => {
    const { owner, teammate } = people.DATA_SCIENTIST;
    const input = await c.arrange(owner);
    if (c.expect.teammate) await expectAllowed(name, () => c.bound.execute(teammate, input));
    else await expectForbidden(() => c.bound.execute(teammate, input));
  });

  it("lets an admin who does not own it act", async () => {
    const input = await c.arrange(people.DATA_SCIENTIST.owner);
    await expectAllowed(name, () => c.bound.execute(admin, input));
  });
});

describe("runs", () => {
  it("lets the model's owner stop a run someone else started", async () => {
    const { owner, other } = people.DATA_SCIENTIST;
    const fixtures = await makeRunFixtures(owner, versionId, environmentId);
    await prisma.run.update({ where: { id: fixtures.runningRunId }, data: { startedById: other.id } });
    await expectAllowed("runs.stop", () => executeCommand(prisma, stopRun, owner, { runId: fixtures.runningRunId }));
    await expectForbidden(() => executeCommand(prisma, stopRun, people.DATA_SCIENTIST.teammate, { runId: fixtures.runningRunId }));
  });
});
