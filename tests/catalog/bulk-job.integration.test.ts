// A bulk lift as a job, on a real PostgreSQL, a real engine (S3) and a real worker: the upload route queues it and
// answers at once, a worker imports it and the page's progress carries the summary; a job delivered twice, at
// once or after a crash between the write and its bookkeeping, imports once (no duplicate model, no second code
// version); crafted requests for someone else's import or a reused id are refused and change nothing.
import { CreateBucketCommand, DeleteObjectCommand } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { bulkImportModels } from "@/lib/catalog/bulk/command";
import { performBulkImport } from "@/lib/catalog/bulk/job";
import { readProgress } from "@/lib/catalog/bulk/progress";
import { requestBulkImport } from "@/lib/catalog/bulk/request";
import { queueBulkImport } from "@/lib/catalog/bulk/run";
import { executeCommand } from "@/lib/commands/command";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { EMBEDDED_ENVIRONMENT } from "@/lib/environments/embedded";
import { getObjectBytes } from "@/lib/storage/objects";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { expectRefusedWithoutChange, makeUser } from "../commands/world";
import { startTestWorker } from "../jobs/worker";
import { resetDatabase, testDatabaseUrl, withClient } from "../setup/db";
import { makeZip, modelFolders } from "./bulk-zips";
import { manifestCsv } from "./bulk-manifests";

const BUCKET = "ferry-bulk-job";
let engine: TestEngine;
let ds: Actor;
let other: Actor;

function form(name: string, body: string | Buffer, importId?: string): FormData {
  const data = new FormData();
  data.set("file", new File([typeof body === "string" ? body : new Uint8Array(body)], name));
  if (importId) data.set("importId", importId);
  return data;
}

const queuedJobs = (importId: string) =>
  withClient(async (client) => (await client.query("SELECT id FROM pgboss.job WHERE name = 'catalog-bulk-import' AND data->>'importId' = $1", [importId])).rowCount);

beforeAll(async () => {
  await resetDatabase();
  await withClient((client) => client.query("DELETE FROM pgboss.job"));
  engine = await startTestEngine();
  await prisma.environment.create({ data: { name: EMBEDDED_ENVIRONMENT, kind: "EMBEDDED", bucket: BUCKET, endpointOverride: engine.endpoint } });
  await engine.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  ds = await makeUser(["DATA_SCIENTIST"]);
  other = await makeUser(["DATA_SCIENTIST"]);
});

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

describe("a queued bulk lift", () => {
  it("is answered at once with nothing imported, then a worker imports it and the progress carries the summary", async () => {
    const started = performance.now();
    const { importId, models } = await queueBulkImport(prisma, ds, form("queued.csv", manifestCsv(30, { prefix: "queued" })));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(models).toBe(30);
    expect(await prisma.model.count({ where: { slug: { startsWith: "queued-" } } })).toBe(0);
    expect(await readProgress(prisma, ds.id, importId)).toMatchObject({ stage: "queued", total: 30, summary: null });
    expect(await queuedJobs(importId)).toBe(1);

    const worker = await startTestWorker(prisma, testDatabaseUrl());
    try {
      let progress = await readProgress(prisma, ds.id, importId);
      for (let i = 0; i < 150 && progress?.stage !== "done"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        progress = await readProgress(prisma, ds.id, importId);
      }
      expect(progress).toMatchObject({ stage: "done", done: 30, total: 30, error: null });
      expect(progress?.summary?.created).toHaveLength(30);
    } finally {
      await worker.stop();
    }
    expect(await prisma.model.count({ where: { slug: { startsWith: "queued-" } } })).toBe(30);
    // Only the summary is kept: the upload itself is dropped once imported.
    expect(await prisma.bulkImport.findUniqueOrThrow({ where: { id: importId } })).toMatchObject({ upload: null, error: null });
    expect(await readProgress(prisma, other.id, importId)).toBeNull();
  }, 60_000);

  it("delivered twice at once, imports once: one model each, one code version, both deliveries finish", async () => {
    const zip = await makeZip(modelFolders(["twice-a", "twice-b"], { "train.py": "import json\n" }));
    const { importId } = await queueBulkImport(prisma, ds, form("twice.zip", zip));
    await Promise.all([performBulkImport(prisma, { importId }), performBulkImport(prisma, { importId })]);
    expect(await prisma.model.count({ where: { slug: { startsWith: "twice-" } } })).toBe(2);
    expect(await prisma.codeVersion.count({ where: { model: { slug: { startsWith: "twice-" } } } })).toBe(2);
    expect(await prisma.auditEvent.count({ where: { action: "models.bulk_import", targetId: importId } })).toBe(1);
    expect(await readProgress(prisma, ds.id, importId)).toMatchObject({ stage: "done" });
  });

  it("retried after a crash between its write and its bookkeeping, writes nothing again and still fills the code prefix", async () => {
    const zip = await makeZip(modelFolders(["crash-a"], { "train.py": "print('v1')\n" }));
    const { importId } = await queueBulkImport(prisma, ds, form("crash.zip", zip));
    await performBulkImport(prisma, { importId });
    expect((await prisma.bulkImport.findUniqueOrThrow({ where: { id: importId } })).summary).not.toBeNull();
    // The state a worker leaves when it dies right after the import's transaction committed: summary stored, not finished.
    await prisma.bulkImport.update({ where: { id: importId }, data: { finishedAt: null, upload: new Uint8Array(Buffer.from("ignored once written")) } });
    await engine.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "ferry/code/crash-a/1/train.py" }));
    await performBulkImport(prisma, { importId });
    expect(await prisma.codeVersion.count({ where: { model: { slug: "crash-a" } } })).toBe(1);
    expect(await prisma.scriptVersion.count({ where: { script: { model: { slug: "crash-a" } } } })).toBe(4);
    expect(new TextDecoder().decode(await getObjectBytes(engine.s3, { bucket: BUCKET, key: "ferry/code/crash-a/1/train.py" }))).toContain("v1");
    expect(await readProgress(prisma, ds.id, importId)).toMatchObject({ stage: "done", summary: { created: ["crash-a"] } });
  });

  it("refused at the job when the catalog changed meanwhile: finished with the reason, nothing written", async () => {
    const { importId } = await queueBulkImport(prisma, ds, form("late.csv", manifestCsv(2, { prefix: "late" })));
    // Someone else creates one of its models before a worker gets to it: ds may not edit theirs.
    await prisma.model.create({ data: { slug: "late-1", displayName: "Taken", team: "elsewhere", ownerId: other.id } });
    await performBulkImport(prisma, { importId });
    expect(await readProgress(prisma, ds.id, importId)).toMatchObject({ stage: "failed", summary: null, error: expect.stringContaining("late-1") });
    expect(await prisma.model.count({ where: { slug: { startsWith: "late-" } } })).toBe(1);
  });
});

describe("a bulk lift that cannot reach its bucket", () => {
  it("is retried while attempts remain, and its last attempt finishes it failed instead of leaving the page waiting", async () => {
    const zip = await makeZip(modelFolders(["unreachable-a"], { "train.py": "print(1)\n" }));
    const { importId } = await queueBulkImport(prisma, ds, form("unreachable.zip", zip));
    await prisma.environment.update({ where: { name: EMBEDDED_ENVIRONMENT }, data: { endpointOverride: "http://127.0.0.1:9" } });
    try {
      await expect(performBulkImport(prisma, { importId }, { retryCount: 0, lastAttempt: false })).rejects.toThrow();
      expect(await readProgress(prisma, ds.id, importId)).toMatchObject({ stage: "uploading", error: null });
      await expect(performBulkImport(prisma, { importId }, { retryCount: 6, lastAttempt: true })).rejects.toThrow();
    } finally {
      await prisma.environment.update({ where: { name: EMBEDDED_ENVIRONMENT }, data: { endpointOverride: engine.endpoint } });
    }
    expect(await readProgress(prisma, ds.id, importId)).toMatchObject({ stage: "failed", error: expect.stringContaining("Upload the file again") });
    expect(await prisma.model.count({ where: { slug: "unreachable-a" } })).toBe(0);
  }, 60_000);
});

describe("crafted requests", () => {
  it("cannot write someone else's queued import or reuse an import id; nothing changes", async () => {
    const { importId } = await queueBulkImport(prisma, ds, form("mine.csv", manifestCsv(1, { prefix: "mine" })));
    const models = [{ fields: { slug: "stolen-1", displayName: "Stolen", team: "t" }, columns: ["slug", "displayName", "team"] }];
    await expectRefusedWithoutChange(() => executeCommand(prisma, bulkImportModels, other, { importId, source: "x.csv", models }), "NOT_FOUND");
    await expectRefusedWithoutChange(() => executeCommand(prisma, bulkImportModels, ds, { importId: randomUUID(), source: "x.csv", models }), "NOT_FOUND");
    const upload = new Uint8Array(Buffer.from(manifestCsv(1, { prefix: "again" })));
    await expectRefusedWithoutChange(() => executeCommand(prisma, requestBulkImport, other, { importId, fileName: "again.csv", upload, models: 1 }), "CONFLICT");
    expect(await queuedJobs(importId)).toBe(1);
  });

  it("refuses an empty, oversized or non-file upload and a callerless request before anything is stored", async () => {
    const id = randomUUID();
    await expectRefusedWithoutChange(() => executeCommand(prisma, requestBulkImport, ds, { importId: id, fileName: "e.csv", upload: new Uint8Array(0), models: 1 }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => executeCommand(prisma, requestBulkImport, ds, { importId: id, fileName: "big.zip", upload: new Uint8Array(51 * 1024 * 1024), models: 1 }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => executeCommand(prisma, requestBulkImport, ds, { importId: id, fileName: "s.csv", upload: "slug\n", models: 1 }), "INVALID_INPUT");
    await expectRefusedWithoutChange(() => executeCommand(prisma, requestBulkImport, null, { importId: id, fileName: "s.csv", upload: new Uint8Array(4), models: 1 }), "UNAUTHENTICATED");
    expect(await queuedJobs(id)).toBe(0);
  });
});
