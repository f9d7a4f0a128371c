// Bulk lift against a real PostgreSQL and a real embedded engine (S3): import, re-import, update, zips of model
// folders, and hostile or malformed uploads that must be refused with a clear message and change nothing.
import { CreateBucketCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { importBulk } from "@/lib/catalog/bulk/job";
import { previewBulk } from "@/lib/catalog/bulk/run";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { EMBEDDED_ENVIRONMENT } from "@/lib/environments/embedded";
import { getObjectBytes, parseS3Uri } from "@/lib/storage/objects";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { expectAppError, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";
import { lieAboutSizes, makeZip, modelFolders, renameEntry } from "./bulk-zips";
import { manifestCsv } from "./bulk-manifests";

const BUCKET = "ferry-bulk-it";
let engine: TestEngine;
let ds: Actor;

function form(name: string, body: string | Buffer): FormData {
  const data = new FormData();
  data.set("file", new File([typeof body === "string" ? body : new Uint8Array(body)], name));
  return data;
}

async function counts() {
  const objects = await engine.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "ferry/code/" }));
  return {
    models: await prisma.model.count(),
    scripts: await prisma.script.count(),
    versions: await prisma.scriptVersion.count(),
    codeVersions: await prisma.codeVersion.count(),
    audit: await prisma.auditEvent.count(),
    objects: objects.KeyCount ?? 0,
  };
}

/** The upload must be refused as INVALID_INPUT with a message matching `reason`, and nothing may change. */
async function expectRefused(name: string, body: string | Buffer, reason: RegExp) {
  const before = await counts();
  const error = await expectAppError(() => importBulk(prisma, ds, form(name, body)), "INVALID_INPUT");
  expect(error.userMessage).toMatch(reason);
  expect(error.userMessage.length).toBeLessThan(300);
  expect(await counts()).toEqual(before);
}

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  // The embedded environment, pointed at this test's engine: uploads go where the app would send them.
  await prisma.environment.create({ data: { name: EMBEDDED_ENVIRONMENT, kind: "EMBEDDED", bucket: BUCKET, endpointOverride: engine.endpoint } });
  await engine.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  ds = await makeUser(["DATA_SCIENTIST"]);
});

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

describe("a 200-row manifest", () => {
  const csv = manifestCsv(200);

  it("previews every row as a create, then imports them in one go with one audit event", async () => {
    const preview = await previewBulk(prisma, ds, form("models.csv", csv));
    expect(preview.errorCount).toBe(0);
    expect(preview.rows).toHaveLength(200);
    expect(new Set(preview.rows.map((r) => r.action))).toEqual(new Set(["create"]));
    expect(await prisma.model.count()).toBe(0);

    const auditBefore = await prisma.auditEvent.count();
    const summary = await importBulk(prisma, ds, form("models.csv", csv));
    expect(summary.created).toHaveLength(200);
    expect(summary.updated).toEqual([]);
    const model = await prisma.model.findUniqueOrThrow({ where: { slug: "legacy-7" } });
    expect(model).toMatchObject({ team: "fraud & abuse", ownerId: ds.id, tags: ["bulk", "batch-7"], volumeSizeGb: 17, status: "INVENTORIED", inputUri: "s3://ferry-data/legacy/7/input/" });
    expect(model.description).toBe('Legacy model 7, migrated "as is", with commas');
    // The request that queued it, then the import itself: both name the same import.
    const events = await prisma.auditEvent.findMany({ where: { id: { gt: auditBefore } }, orderBy: { id: "asc" } });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ action: "models.bulk_import_queue", actorId: ds.id, targetType: "model_import", targetId: summary.importId, summary: "Import of models.csv queued (200 models)" });
    expect(events[1]).toMatchObject({ action: "models.bulk_import", actorId: ds.id, targetType: "model_import", targetId: summary.importId });
    expect(events[1]?.summary).toBe("Imported models.csv: 200 created, 0 updated, 0 unchanged");
  });

  it("re-imported unchanged, changes nothing and says so", async () => {
    const before = await prisma.model.findMany({ orderBy: { slug: "asc" } });
    const preview = await previewBulk(prisma, ds, form("models.csv", csv));
    expect(new Set(preview.rows.map((r) => r.action))).toEqual(new Set(["unchanged"]));
    const summary = await importBulk(prisma, ds, form("models.csv", csv));
    expect(summary).toMatchObject({ created: [], updated: [], unchanged: 200 });
    expect(await prisma.model.findMany({ orderBy: { slug: "asc" } })).toEqual(before);
    const last = await prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(last.summary).toBe("Imported models.csv: nothing changed (200 unchanged)");
  });

  it("updates only the rows and fields that differ, leaving fields a manifest leaves out alone", async () => {
    const edited = manifestCsv(200, { description: (i) => (i === 3 ? "Now documented" : `Legacy model ${i}, migrated "as is", with commas`) });
    const summary = await importBulk(prisma, ds, form("models.csv", edited));
    expect(summary.updated).toEqual([{ slug: "legacy-3", changes: ["description"] }]);
    expect(summary.unchanged).toBe(199);
    await prisma.model.update({ where: { slug: "legacy-4" }, data: { status: "APPROVED" } });
    const partial = "slug,displayName,team\nlegacy-4,Renamed four,marketing\n";
    const renamed = await importBulk(prisma, ds, form("rename.csv", partial));
    expect(renamed.updated).toEqual([{ slug: "legacy-4", changes: ["displayName", "team"] }]);
    expect(await prisma.model.findUniqueOrThrow({ where: { slug: "legacy-4" } })).toMatchObject({ displayName: "Renamed four", status: "APPROVED", volumeSizeGb: 14 });
  });

  it("refuses an owner email nobody has, naming it", async () => {
    const error = await expectAppError(() => importBulk(prisma, ds, form("o.csv", manifestCsv(2, { prefix: "owned", ownerEmail: "ghost@ferry.test" }))), "INVALID_INPUT");
    expect(error.userMessage).toContain("ghost@ferry.test");
    expect(await prisma.model.count({ where: { slug: { startsWith: "owned-" } } })).toBe(0);
  });
});

describe("a zip of model folders", () => {
  it("creates three models, each with code version 1 in its code prefix, scripts and readiness recorded", async () => {
    const zip = await makeZip(modelFolders(["churn", "fraud", "ltv"], { "train.py": "import xgboost\n" }));
    const preview = await previewBulk(prisma, ds, form("models.zip", zip));
    expect(preview.kind).toBe("zip");
    expect(preview.rows.map((r) => [r.label, r.action])).toEqual([["Folder churn/", "create"], ["Folder fraud/", "create"], ["Folder ltv/", "create"]]);
    expect(preview.rows[0]?.warnings.join("\n")).toContain("train.py:1 xgboost is imported");

    const summary = await importBulk(prisma, ds, form("models.zip", zip));
    expect(summary.created).toEqual(["churn", "fraud", "ltv"]);
    const churn = await prisma.model.findUniqueOrThrow({ where: { slug: "churn" }, include: { scripts: { include: { versions: true }, orderBy: { name: "asc" } } } });
    expect(churn).toMatchObject({ displayName: "Legacy churn", team: "risk", tags: ["zip", "legacy"] });
    expect(churn.scripts.map((s) => [s.name, s.stage])).toEqual([["predict.py", "INFERENCE"], ["preprocess.py", "PREPROCESS"], ["requirements.txt", "SUPPORT"], ["train.py", "SUPPORT"]]);
    const train = churn.scripts.find((s) => s.name === "train.py")?.versions[0];
    expect(JSON.stringify(train?.readiness)).toContain("missing-requirement");
    const preprocess = churn.scripts.find((s) => s.name === "preprocess.py")?.versions[0];
    expect(preprocess?.s3Uri).toBe("s3://ferry-bulk-it/ferry/code/churn/1/preprocess.py");
    expect(preprocess?.codeVersion).toBe(1);
    const code = await prisma.codeVersion.findFirstOrThrow({ where: { model: { slug: "churn" } } });
    expect(code).toMatchObject({ version: 1, s3Uri: "s3://ferry-bulk-it/ferry/code/churn/1/" });
    expect((code.files as { name: string }[]).map((f) => f.name)).toEqual(["predict.py", "preprocess.py", "requirements.txt", "train.py"]);
    const stored = new TextDecoder().decode(await getObjectBytes(engine.s3, parseS3Uri(preprocess?.s3Uri ?? "")));
    expect(stored).toContain("def main()");
  });

  it("re-imported, changes nothing; a changed script makes code version 2, with a new version of that script only", async () => {
    const zip = await makeZip(modelFolders(["churn", "fraud", "ltv"], { "train.py": "import xgboost\n" }));
    expect(await importBulk(prisma, ds, form("models.zip", zip))).toMatchObject({ created: [], updated: [], unchanged: 3 });
    const changed = await makeZip(modelFolders(["churn", "fraud", "ltv"], { "train.py": "import json\n" }));
    const summary = await importBulk(prisma, ds, form("models.zip", changed));
    expect(summary.updated.map((u) => u.changes)).toEqual([["changed train.py"], ["changed train.py"], ["changed train.py"]]);
    const versions = await prisma.scriptVersion.findMany({ where: { script: { name: "train.py", model: { slug: "churn" } } }, orderBy: { version: "asc" } });
    expect(versions.map((v) => [v.version, v.codeVersion])).toEqual([[1, 1], [2, 2]]);
    expect(versions[1]?.s3Uri).toBe("s3://ferry-bulk-it/ferry/code/churn/2/train.py");
    // Version 2's prefix holds the complete set, unchanged files included.
    const kept = new TextDecoder().decode(await getObjectBytes(engine.s3, parseS3Uri("s3://ferry-bulk-it/ferry/code/churn/2/preprocess.py")));
    expect(kept).toContain("def main()");
    expect(await prisma.scriptVersion.count({ where: { script: { name: "preprocess.py" } } })).toBe(3);
  });
});

describe("hostile and malformed uploads are refused and create nothing", () => {
  const base = () => modelFolders(["hostile"]);

  it("path traversal", async () => {
    const zip = renameEntry(await makeZip([...base(), { name: "hostile/aaevil.py", body: "x" }]), "hostile/aaevil.py", "hostile/../evil.py".slice(0, 17));
    await expectRefused("t.zip", zip, /leaves its folder|traversal/);
    await expectRefused("t.zip", renameEntry(await makeZip([...base(), { name: "zz/evil.py", body: "x" }]), "zz/evil.py", "../evil.py"), /leaves its folder/);
  });

  it("absolute paths", async () => {
    await expectRefused("a.zip", renameEntry(await makeZip([...base(), { name: "xabs.py", body: "x" }]), "xabs.py", "/abs.py"), /absolute path/);
  });

  it("symbolic links", async () => {
    await expectRefused("l.zip", await makeZip([...base(), { name: "hostile/passwd.py", body: "/etc/passwd", mode: 0o120777 }]), /symbolic link/);
  });

  it("zip bombs, by ratio and by a header that lies about the size", async () => {
    await expectRefused("b.zip", await makeZip([...base(), { name: "hostile/bomb.py", body: Buffer.alloc(4_900_000) }]), /zip bomb/);
    await expectRefused("b.zip", lieAboutSizes(await makeZip([...base(), { name: "hostile/liar.py", body: Buffer.alloc(3_000_000) }]), 10), /damaged|more than its header/);
  });

  it("10,000 files", async () => {
    await expectRefused("many.zip", await makeZip(Array.from({ length: 10_000 }, (_, i) => ({ name: `hostile/f${i}.py`, body: "", compress: false }))), /10000 entries; at most 2000/);
  });

  it("hidden files", async () => {
    await expectRefused("h.zip", await makeZip([...base(), { name: "hostile/.env", body: "SECRET=1" }]), /hidden/);
  });

  it("malformed manifests", async () => {
    await expectRefused("empty.csv", "", /empty/);
    await expectRefused("cols.csv", "slug,name,team\na,b,c\n", /Unknown column "name"/);
    await expectRefused("types.csv", "slug,displayName,team,volumeSizeGb\ngood,Good,t,10\nbad,Bad,t,lots\n", /1 of 2 rows have errors.*Row 3: volumeSizeGb/);
    await expectRefused("dup.csv", "slug,displayName,team\ntwice,A,t\ntwice,B,t\n", /Row 3: slug: twice is also used by row 2/);
    await expectRefused("html.csv", "slug,displayName,team\nx1,<script>alert(1)</script>,t\n", /cannot contain < or >/);
    await expectRefused("sheet.xlsx", await makeZip([{ name: "[Content_Types].xml", body: "<Types/>" }]), /Export the sheet as CSV/);
    await expectRefused("broken.zip", Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]), /not a readable zip|zip is empty/);
    await expectRefused("binary.csv", Buffer.from([0x00, 0x01, 0x02, 0x03]), /looks binary/);
    await expectRefused("nothing.txt", "", /empty/);
  });

  it("callers without a catalog role", async () => {
    const nobody = await makeUser([]);
    await expectAppError(() => importBulk(prisma, nobody, form("models.csv", manifestCsv(1, { prefix: "nope" }))), "FORBIDDEN");
    await expectAppError(() => previewBulk(prisma, null, form("models.csv", manifestCsv(1, { prefix: "nope" }))), "UNAUTHENTICATED");
    expect(await prisma.model.count({ where: { slug: "nope-0" } })).toBe(0);
  });
});
