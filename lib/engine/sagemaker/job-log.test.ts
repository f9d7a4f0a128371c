import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { JobLog } from "./job-log";

let dir = "";
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe("a capped job log", () => {
  it("keeps its first and last halves, notes what it dropped between them, and keeps the order", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "ferry-job-log-"));
    const file = path.join(dir, "job.log");
    const log = new JobLog(file, 100);
    log.line("start");
    for (let i = 0; i < 50; i += 1) log.write(`noise ${i}\n`);
    log.line("container exited");
    await log.close();
    const text = await readFile(file, "utf8");
    const [head, tail] = text.split(/\n\[ferry\] log truncated: \d+ bytes dropped here[^\n]*\n/);
    expect(head?.startsWith("[ferry] start\nnoise 0\n")).toBe(true);
    expect(head?.length).toBe(50);
    expect(tail?.endsWith("noise 49\n[ferry] container exited\n")).toBe(true);
    expect(tail?.length).toBe(50);
  });

  it("writes everything when under the cap", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "ferry-job-log-"));
    const file = path.join(dir, "job.log");
    const log = new JobLog(file, 1000);
    log.write("all of it\n");
    await log.flush();
    expect(await readFile(file, "utf8")).toBe("all of it\n");
    await log.close();
  });
});
