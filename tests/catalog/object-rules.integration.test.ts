// Issue 11, finding 3, replayed: another data scientist edits someone's model, takes its ownership, uploads code
// to it (one file or a bulk manifest), deprecates their image and stops their run: each refused with nothing
// changed, not even staged bytes. Ownership moves only through an audited transfer; a partial save keeps
// every field it does not name.
import { CreateBucketCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { ensureEmbeddedEnvironment } from "@/lib/environments/embedded";
import { importBulk } from "@/lib/catalog/bulk/job";
import { previewBulk } from "@/lib/catalog/bulk/run";
import { createImage, setImageStatus } from "@/lib/catalog/images/commands";
import { transferModel } from "@/lib/catalog/models/ownership";
import { saveModel } from "@/lib/catalog/models/upsert";
import { uploadScripts } from "@/lib/catalog/scripts/upload";
import { createPipeline, publishPipelineVersion } from "@/lib/pipelines/commands";
import { stop } from "@/lib/runs/operations";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { expectRefusedWithoutChange, makeUser } from "../commands/world";
import { makeRunFixtures } from "../runs/command-fixtures";
import { resetDatabase } from "../setup/db";

const BUCKET = "ferry-objects-it";
let engine: TestEngine;
let owner: Actor, stranger: Actor, admin: Actor;

const b64 = (text: string) => Buffer.from(text).toString("base64");

async function victimModel() {
  const slug = `victim-${randomBytes(3).toString("hex")}`;
  const image = await executeCommand(prisma, createImage, owner, { uri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${slug}:1`, kind: "CUSTOM" });
  const model = await executeCommand(prisma, saveModel, owner, {
    slug,
    displayName: "Victim",
    team: "risk",
    tags: ["churn", "weekly"],
    description: "Owned by someone else",
    inputUri: `s3://${BUCKET}/in/`,
    instanceType: "ml.m5.large",
    imageId: image.id,
  });
  return { ...model, imageId: image.id };
}

async function stagedObjects(slug: string) {
  return (await engine.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `ferry/code/${slug}/` }))).KeyCount ?? 0;
}

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await engine.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await prisma.environment.create({ data: { name: "objects-it", kind: "EMBEDDED", bucket: BUCKET, endpointOverride: engine.endpoint } });
  [owner, stranger, admin] = await Promise.all([makeUser(["DATA_SCIENTIST"]), makeUser(["DATA_SCIENTIST"]), makeUser(["ADMIN"])]);
});

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

describe("finding 3: another data scientist", () => {
  it("cannot edit someone's model or take its ownership through ownerEmail", async () => {
    const model = await victimModel();
    const error = await expectRefusedWithoutChange(
      () => executeCommand(prisma, saveModel, stranger, { id: model.id, slug: model.slug, displayName: "Mine now", team: "risk", ownerEmail: stranger.email }),
      "FORBIDDEN",
    );
    expect(error.userMessage).toBe(`Only its owner, members of its team or admins can edit model ${model.slug}.`);
    await expectRefusedWithoutChange(() => executeCommand(prisma, transferModel, stranger, { modelId: model.id, ownerEmail: stranger.email }), "FORBIDDEN");
  });

  it("cannot upload code to someone's model: refused before a byte is staged", async () => {
    const model = await victimModel();
    await expectRefusedWithoutChange(() => uploadScripts(prisma, stranger, { modelId: model.id, files: [{ name: "preprocess.py", base64: b64("import os\nos.system('id')\n") }] }), "FORBIDDEN");
    expect(await stagedObjects(model.slug)).toBe(0);
    // The owner can: the same call stages and records code version 1.
    await uploadScripts(prisma, owner, { modelId: model.id, files: [{ name: "preprocess.py", base64: b64("print('ok')\n") }] });
    expect(await stagedObjects(model.slug)).toBeGreaterThan(0);
  });

  it("cannot overwrite someone's model through a bulk manifest: the preview says why, the import changes nothing", async () => {
    const model = await victimModel();
    const csv = `slug,displayName,team,description\n${model.slug},Hijacked,risk,mine\n`;
    const form = () => {
      const data = new FormData();
      data.set("file", new File([csv], "models.csv"));
      return data;
    };
    const preview = await previewBulk(prisma, stranger, form());
    expect(preview.rows[0]?.errors.join()).toContain(`Only its owner, members of its team or admins can edit model ${model.slug}.`);
    const error = await expectRefusedWithoutChange(() => importBulk(prisma, stranger, form()), "INVALID_INPUT");
    expect(error.userMessage).toContain(`can edit model ${model.slug}`);
  });

  it("cannot deprecate someone's image", async () => {
    const model = await victimModel();
    await expectRefusedWithoutChange(() => executeCommand(prisma, setImageStatus, stranger, { imageId: model.imageId, status: "DEPRECATED" }), "FORBIDDEN");
  });

  it("cannot stop someone's run: refused before StopExecution", async () => {
    const environment = await ensureEmbeddedEnvironment(prisma, "us-east-1");
    const pipeline = await executeCommand(prisma, createPipeline, admin, { name: `stop-${randomBytes(3).toString("hex")}` });
    const version = await executeCommand(prisma, publishPipelineVersion, admin, { pipelineId: pipeline.id });
    const { runningRunId } = await makeRunFixtures(owner, version.id, environment.id);
    const error = await expectRefusedWithoutChange(() => stop(prisma, stranger, { runId: runningRunId }), "FORBIDDEN");
    expect(error.userMessage).toMatch(/^Only whoever started it, the model's owner, MLOps engineers or admins can stop or redrive run /);
  });
});

describe("ownership", () => {
  it("changes only through a transfer by the owner or an admin, audited, and the new owner is told", async () => {
    const model = await victimModel();
    const heir = await makeUser(["MLOPS_ENGINEER"]);
    // Saving with another owner's email is refused even for the owner: the form is not the way.
    const viaSave = await expectRefusedWithoutChange(() => executeCommand(prisma, saveModel, owner, { id: model.id, ownerEmail: heir.email }), "INVALID_INPUT");
    expect(viaSave.fieldErrors?.ownerEmail).toEqual(["Use Transfer ownership"]);

    await executeCommand(prisma, transferModel, owner, { modelId: model.id, ownerEmail: heir.email });
    expect((await prisma.model.findUniqueOrThrow({ where: { id: model.id } })).ownerId).toBe(heir.id);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "models.transfer", targetId: model.id } });
    expect(audit).toMatchObject({ actorId: owner.id, summary: `Transferred ${model.slug} from ${owner.email} to ${heir.email}`, details: { from: owner.email, to: heir.email } });
    expect(await prisma.notification.count({ where: { userId: heir.id, link: `/models/${model.slug}` } })).toBe(1);
    // The former owner has no say any more; an admin does.
    await expectRefusedWithoutChange(() => executeCommand(prisma, transferModel, owner, { modelId: model.id, ownerEmail: owner.email }), "FORBIDDEN");
    await executeCommand(prisma, transferModel, admin, { modelId: model.id, ownerEmail: owner.email });
    expect((await prisma.model.findUniqueOrThrow({ where: { id: model.id } })).ownerId).toBe(owner.id);
  });

  it("refuses a new owner who is unknown, disabled, without a role, or already the owner", async () => {
    const model = await victimModel();
    const [disabled, roleless] = await Promise.all([makeUser(["DATA_SCIENTIST"], { disabled: true }), makeUser([])]);
    for (const [email, message] of [
      ["ghost@ferry.test", "No Ferry user has the email ghost@ferry.test."],
      [disabled.email, `${disabled.email} is disabled and cannot own a model.`],
      [roleless.email, `${roleless.email} has no role that works on the catalog; an admin must grant one first.`],
    ] as const) {
      const error = await expectRefusedWithoutChange(() => executeCommand(prisma, transferModel, owner, { modelId: model.id, ownerEmail: email }), "INVALID_INPUT");
      expect(error.userMessage).toBe(message);
    }
    await expectRefusedWithoutChange(() => executeCommand(prisma, transferModel, owner, { modelId: model.id, ownerEmail: owner.email }), "CONFLICT");
  });
});

describe("partial saves", () => {
  it("keep every field they do not name, and clear only what they name empty", async () => {
    const model = await victimModel();
    const before = await prisma.model.findUniqueOrThrow({ where: { id: model.id } });
    await executeCommand(prisma, saveModel, owner, { id: model.id, displayName: "Renamed" });
    const after = await prisma.model.findUniqueOrThrow({ where: { id: model.id } });
    expect(after).toEqual({ ...before, displayName: "Renamed", updatedAt: after.updatedAt });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: model.id, action: "models.save" }, orderBy: { id: "desc" } });
    expect(audit.details).toEqual({ changed: ["displayName"] });

    await executeCommand(prisma, saveModel, owner, { id: model.id, imageId: "", tags: [] });
    expect(await prisma.model.findUniqueOrThrow({ where: { id: model.id } })).toMatchObject({ imageId: null, tags: [], description: "Owned by someone else", instanceType: "ml.m5.large" });
  });

  it("still need slug, display name and team to create", async () => {
    const error = await expectRefusedWithoutChange(() => executeCommand(prisma, saveModel, owner, { displayName: "No slug" }), "INVALID_INPUT");
    expect(error.fieldErrors).toEqual({ slug: ["Required to create a model"], team: ["Required to create a model"] });
  });
});
