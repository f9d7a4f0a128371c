import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeDirTree } from "./dir-tree";
import { JobLog } from "./job-log";
import type { JobRecord } from "./job-record";
import { JobStore } from "./job-store";
import { removeTree } from "./remove-tree";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ferry-job-store-"));
  dirs.push(dir);
  return dir;
}

function record(name: string): JobRecord {
  const request = { ProcessingJobName: name } as JobRecord["request"];
  return { request, arn: `arn:${name}`, status: "InProgress", phase: "queued", creationTime: 1, lastModifiedTime: 1 };
}

describe("JobStore", () => {
  it("ends with the latest record on disk however changes overlap, and reloads it", async () => {
    const dir = await tempDir();
    const store = new JobStore(dir);
    await store.load();
    const inserted = store.insert(record("a"));
    const updates = [store.update("a", { phase: "preparing" }), store.update("a", { phase: "running", processingStartTime: 5 })];
    const last = store.update("a", { status: "Completed", phase: "finished" });
    await Promise.all([inserted, ...updates, last]);
    const onDisk = JSON.parse(await readFile(path.join(dir, "jobs", "a", "job.json"), "utf8")) as JobRecord;
    expect(onDisk).toMatchObject({ status: "Completed", phase: "finished", processingStartTime: 5 });
    const reloaded = new JobStore(dir);
    await reloaded.load();
    expect(reloaded.get("a")?.status).toBe("Completed");
    expect(reloaded.hasNameIgnoringCase("A")).toBe(true);
  });
});

describe("JobLog", () => {
  it("keeps lines and output in the order written, and has them all in the file once flushed", async () => {
    const file = path.join(await tempDir(), "job", "job.log");
    const log = new JobLog(file);
    log.line("one");
    log.write(Buffer.from("out\n"));
    log.line("two");
    await log.flush();
    expect(await readFile(file, "utf8")).toBe("[ferry] one\nout\n[ferry] two\n");
    await log.close();
    log.line("after close");
    await log.close();
    expect(await readFile(file, "utf8")).not.toContain("after close");
  });
});

describe("workspace folders", () => {
  it("makes a tree parents first, keeps what was there, and removes it without following links", async () => {
    const base = await tempDir();
    const outside = path.join(base, "outside.txt");
    await writeFile(outside, "keep");
    const leaves = ["job/root/opt/ml/processing/input/data", "job/root/opt/ml/processing/output", "job/root/opt/ml/config"].map((d) => path.join(base, d));
    await makeDirTree(base, leaves);
    await writeFile(path.join(base, "job/root/opt/ml/processing/output/out.txt"), "x");
    await symlink(outside, path.join(base, "job/root/opt/ml/processing/input/data/link"));
    await makeDirTree(base, leaves);
    expect(await readFile(path.join(base, "job/root/opt/ml/processing/output/out.txt"), "utf8")).toBe("x");
    await removeTree(path.join(base, "job", "root"));
    await removeTree(path.join(base, "job", "root"));
    expect(await readFile(outside, "utf8")).toBe("keep");
    await expect(readFile(path.join(base, "job/root/opt/ml/processing/output/out.txt"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
