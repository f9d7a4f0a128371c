// Catalog end to end below HTTP: commands and upload operations against the real database and a real embedded
// engine's S3 (bytes round-trip through the S3 client), and the model list at a few hundred rows.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { executeQuery } from "@/lib/commands/query";
import { listModelsQuery, scriptVersionBytesQuery } from "@/lib/catalog/queries";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { getObjectBytes, listPrefix, parseS3Uri, sha256 } from "@/lib/storage/objects";
import { createImage, deleteImage, setImageStatus } from "@/lib/catalog/images/commands";
import { registerImage, uploadBuildContext, verifyImage } from "@/lib/catalog/images/operations";
import { saveModel } from "@/lib/catalog/models/upsert";
import { findModel } from "@/lib/catalog/models/queries";
import { removeScriptFiles, uploadScripts } from "@/lib/catalog/scripts/upload";
import { setScriptStage } from "@/lib/catalog/scripts/code-versions";
import { engineRouteFetch } from "@/lib/aws/engine-routes";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { expectAppError, expectRefusedWithoutChange, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";

const BUCKET = "ferry-catalog-it";
const FRAMEWORK = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";
let engine: TestEngine;
let ds: Actor;
let noRole: Actor;

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64");

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await prisma.environment.create({ data: { name: "embedded", kind: "EMBEDDED", region: "us-east-1", bucket: BUCKET, endpointOverride: engine.endpoint } });
  const { CreateBucketCommand } = await import("@aws-sdk/client-s3");
  await engine.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  ds = await makeUser(["DATA_SCIENTIST"]);
  noRole = await makeUser([]);
});

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

async function newModel(slug = `m-${randomBytes(4).toString("hex")}`) {
  return executeCommand(prisma, saveModel, ds, { slug, displayName: `Model ${slug}`, team: "risk", tags: ["churn"] });
}

describe("scripts", () => {
  it("round-trip through the S3 client byte for byte, under ferry/code/<model>/<version>/", async () => {
    const model = await newModel();
    const binary = randomBytes(4096);
    const py = 'import pandas as pd\nimport os\n\ndf = pd.read_csv("/home/me/data.csv")\nname = input("who? ")\n';
    const result = await uploadScripts(prisma, ds, {
      modelId: model.id,
      files: [
        { name: "preprocess.py", base64: b64(py) },
        { name: "model.pkl", base64: b64(binary) },
        { name: "requirements.txt", base64: b64("numpy\n") },
      ],
    });
    expect(result.codeVersion).toBe(1);
    expect(result.s3Uri).toBe(`s3://${BUCKET}/ferry/code/${model.slug}/1/`);
    for (const [name, bytes] of [["preprocess.py", Buffer.from(py)], ["model.pkl", binary]] as const) {
      const stored = await getObjectBytes(engine.s3, { bucket: BUCKET, key: `ferry/code/${model.slug}/1/${name}` });
      expect(Buffer.from(stored).equals(bytes)).toBe(true);
      const version = await prisma.scriptVersion.findFirstOrThrow({ where: { script: { modelId: model.id, name } } });
      expect(version.sha256).toBe(sha256(bytes));
      expect(version.sizeBytes).toBe(bytes.byteLength);
      expect(version.s3Uri).toBe(`s3://${BUCKET}/ferry/code/${model.slug}/1/${name}`);
    }
    const pre = result.uploaded.find((u) => u.name === "preprocess.py");
    expect(pre?.readiness.map((w) => [w.rule, w.line])).toEqual([
      ["missing-requirement", 1],
      ["absolute-path", 4],
      ["no-main-guard", 4],
      ["interactive-input", 5],
    ]);
    // The download query reads the same bytes back.
    const pkl = await prisma.scriptVersion.findFirstOrThrow({ where: { script: { modelId: model.id, name: "model.pkl" } } });
    const downloaded = await executeQuery(prisma, scriptVersionBytesQuery, ds, { id: pkl.id });
    expect(Buffer.from(downloaded.bytes).equals(binary)).toBe(true);
    await expectAppError(() => executeQuery(prisma, scriptVersionBytesQuery, noRole, { id: pkl.id }), "FORBIDDEN");
    const detail = await findModel(prisma, model.slug);
    expect(detail?.scripts.find((s) => s.name === "preprocess.py")?.stage).toBe("PREPROCESS");
  });

  it("versions are immutable: a new upload is a new prefix holding the complete set; old objects stay", async () => {
    const model = await newModel();
    await uploadScripts(prisma, ds, { modelId: model.id, files: [{ name: "predict.py", base64: b64("print(1)\n") }, { name: "util.py", base64: b64("X = 1\n") }] });
    const second = await uploadScripts(prisma, ds, { modelId: model.id, files: [{ name: "predict.py", base64: b64("print(2)\n") }] });
    expect(second.codeVersion).toBe(2);
    expect(second.uploaded.map((u) => [u.name, u.version])).toEqual([["predict.py", 2]]);
    const v1 = await listPrefix(engine.s3, { bucket: BUCKET, key: `ferry/code/${model.slug}/1/` });
    const v2 = await listPrefix(engine.s3, { bucket: BUCKET, key: `ferry/code/${model.slug}/2/` });
    expect(v1.objects.map((o) => o.key.split("/").at(-1))).toEqual(["predict.py", "util.py"]);
    expect(v2.objects.map((o) => o.key.split("/").at(-1))).toEqual(["predict.py", "util.py"]);
    const read = async (v: number) => Buffer.from(await getObjectBytes(engine.s3, { bucket: BUCKET, key: `ferry/code/${model.slug}/${v}/predict.py` })).toString();
    expect(await read(1)).toBe("print(1)\n");
    expect(await read(2)).toBe("print(2)\n");
    const versions = await prisma.scriptVersion.findMany({ where: { script: { modelId: model.id, name: "predict.py" } }, orderBy: { version: "asc" } });
    expect(versions.map((v) => parseS3Uri(v.s3Uri).key)).toEqual([`ferry/code/${model.slug}/1/predict.py`, `ferry/code/${model.slug}/2/predict.py`]);
    // Removing a file is a new version too; the earlier prefixes keep it.
    const third = await removeScriptFiles(prisma, ds, { modelId: model.id, names: ["util.py"] });
    expect(third.codeVersion).toBe(3);
    const v3 = await listPrefix(engine.s3, { bucket: BUCKET, key: `ferry/code/${model.slug}/3/` });
    expect(v3.objects.map((o) => o.key.split("/").at(-1))).toEqual(["predict.py"]);
    expect(await read(3)).toBe("print(2)\n");
    expect((await findModel(prisma, model.slug))?.scripts.map((s) => s.name)).toEqual(["predict.py"]);
    await expectRefusedWithoutChange(() => removeScriptFiles(prisma, ds, { modelId: model.id, names: ["util.py"] }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => removeScriptFiles(prisma, ds, { modelId: model.id, names: ["predict.py"] }), "INVALID_INPUT");
    // The slug names the code prefix, so it is fixed once code exists.
    const renamed = await expectRefusedWithoutChange(() => executeCommand(prisma, saveModel, ds, { id: model.id, slug: `${model.slug}-x`, displayName: "Renamed", team: "risk" }), "INVALID_INPUT");
    expect(renamed.userMessage).toContain("code prefix");
    // The same bytes again change nothing.
    await expectRefusedWithoutChange(() => uploadScripts(prisma, ds, { modelId: model.id, files: [{ name: "predict.py", base64: b64("print(2)\n") }] }), "CONFLICT");
  });

  it("refuses unsafe names, unknown kinds, too much, and callers without the role, storing nothing", async () => {
    const model = await newModel();
    for (const name of ["../../etc/passwd.py", ".env", "/abs.py", "tool.exe"]) {
      const error = await expectRefusedWithoutChange(() => uploadScripts(prisma, ds, { modelId: model.id, files: [{ name, base64: b64("x") }] }), "INVALID_INPUT");
      expect(error.userMessage).toContain("Nothing was uploaded");
    }
    const big = b64(Buffer.alloc(1_000_001));
    await expectRefusedWithoutChange(() => uploadScripts(prisma, ds, { modelId: model.id, files: [{ name: "big.csv", base64: big }] }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => uploadScripts(prisma, noRole, { modelId: model.id, files: [{ name: "a.py", base64: b64("x") }] }), "FORBIDDEN");
    const listed = await listPrefix(engine.s3, { bucket: BUCKET, key: `ferry/code/${model.slug}/` });
    expect(listed.objects.length + listed.folders.length).toBe(0);
  });

  it("one script per run stage", async () => {
    const model = await newModel();
    await uploadScripts(prisma, ds, { modelId: model.id, files: [{ name: "preprocess.py", base64: b64("x=1\n") }, { name: "clean.py", base64: b64("y=1\n") }] });
    const clean = await prisma.script.findFirstOrThrow({ where: { modelId: model.id, name: "clean.py" } });
    await executeCommand(prisma, setScriptStage, ds, { scriptId: clean.id, stage: "PREPROCESS" });
    const stages = await prisma.script.findMany({ where: { modelId: model.id }, orderBy: { name: "asc" }, select: { name: true, stage: true } });
    expect(stages).toEqual([{ name: "clean.py", stage: "PREPROCESS" }, { name: "preprocess.py", stage: "SUPPORT" }]);
  });
});

describe("models", () => {
  it("approved and live come from deployments, not from the form", async () => {
    await expectRefusedWithoutChange(() => executeCommand(prisma, saveModel, ds, { slug: "claims-live", displayName: "Claims", team: "risk", status: "LIVE" }), "INVALID_INPUT");
    const model = await newModel();
    await executeCommand(prisma, saveModel, ds, { id: model.id, slug: model.slug, displayName: "Ready now", team: "risk", tags: ["churn"], status: "READY" });
    await prisma.model.update({ where: { id: model.id }, data: { status: "LIVE" } });
    // Editing a live model keeps its status; it cannot be pushed to approved by hand either.
    await executeCommand(prisma, saveModel, ds, { id: model.id, slug: model.slug, displayName: "Still live", team: "risk", tags: ["churn"], status: "LIVE" });
    await expectRefusedWithoutChange(() => executeCommand(prisma, saveModel, ds, { id: model.id, slug: model.slug, displayName: "x", team: "risk", status: "APPROVED" }), "INVALID_INPUT");
    const history = await prisma.auditEvent.findMany({ where: { targetId: model.id }, orderBy: { id: "asc" }, select: { summary: true } });
    expect(history.map((h) => h.summary)).toEqual([`Created model ${model.slug}`, `Edited ${model.slug}: displayName, status`, `Edited ${model.slug}: displayName`]);
  });
});

describe("list query", () => {
  it("takes the page's URL parameters and refuses bad ones", async () => {
    const model = await newModel();
    const { rows } = await executeQuery(prisma, listModelsQuery, ds, { q: model.slug });
    expect(rows.map((r) => r.slug)).toEqual([model.slug]);
    await expectAppError(() => executeQuery(prisma, listModelsQuery, ds, { status: "DONE" }), "INVALID_INPUT");
    await expectAppError(() => executeQuery(prisma, listModelsQuery, null, {}), "UNAUTHENTICATED");
  });
});

describe("images", () => {
  it("an image in use cannot be deleted, only deprecated; the message names the model", async () => {
    const image = await registerImage(prisma, ds, { uri: FRAMEWORK, kind: "FRAMEWORK", description: "sklearn" });
    const model = await executeCommand(prisma, saveModel, ds, { slug: `uses-${randomBytes(3).toString("hex")}`, displayName: "Uses", team: "risk", scriptImageId: image.id });
    const error = await expectRefusedWithoutChange(() => executeCommand(prisma, deleteImage, ds, { imageId: image.id }), "CONFLICT");
    expect(error.userMessage).toContain(model.slug);
    await executeCommand(prisma, setImageStatus, ds, { imageId: image.id, status: "DEPRECATED" });
    // A deprecated image cannot be chosen for a model.
    await expectAppError(() => executeCommand(prisma, saveModel, ds, { slug: "later", displayName: "Later", team: "risk", imageId: image.id }), "INVALID_INPUT");
    await prisma.model.update({ where: { id: model.id }, data: { scriptImageId: null } });
    await executeCommand(prisma, deleteImage, ds, { imageId: image.id });
    expect(await prisma.image.count({ where: { id: image.id } })).toBe(0);
  });

  it("refuses URIs SageMaker would not accept", async () => {
    for (const uri of ["python:3.11", "docker.io/library/python:3.11", "123456789012.dkr.ecr.us-east-1.amazonaws.com/x@sha256:abc"]) {
      await expectRefusedWithoutChange(() => executeCommand(prisma, createImage, ds, { uri, kind: "CUSTOM" }), "INVALID_INPUT");
    }
  });

  it("a custom image's build context goes to the bucket and the engine's registry", async () => {
    const uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/legacy-predict:1.0";
    const image = await registerImage(prisma, ds, { uri, kind: "CUSTOM" });
    await expectAppError(() => uploadBuildContext(prisma, ds, { imageId: image.id, files: [{ name: "predict.py", base64: b64("print(1)") }] }), "INVALID_INPUT");
    const dockerfile = 'FROM python:3.11-slim\nCOPY predict.py /opt/program/predict.py\nENTRYPOINT ["python3", "/opt/program/predict.py"]\n';
    await uploadBuildContext(prisma, ds, { imageId: image.id, files: [{ name: "Dockerfile", base64: b64(dockerfile) }, { name: "predict.py", base64: b64("print(1)\n") }] });
    const stored = await prisma.image.findUniqueOrThrow({ where: { id: image.id }, select: { localRuntime: true, digest: true } });
    expect(stored.localRuntime).toMatchObject({ kind: "custom", files: ["Dockerfile", "predict.py"] });
    const registry = (await (await engineRouteFetch(new URL("/_ferry/images", engine.endpoint), { method: "GET", region: "us-east-1", credentials: engine.clientConfig().credentials })).json()) as {
      images: { imageUri: string; digest: string }[];
    };
    // The digest the catalog records is ECR's (the engine's ECR here), the one the engine built.
    expect(registry.images.find((i) => i.imageUri === uri)?.digest).toBe(stored.digest);
    expect((await verifyImage(prisma, ds, { imageId: image.id })).digest).toBe(stored.digest);
  });
});
