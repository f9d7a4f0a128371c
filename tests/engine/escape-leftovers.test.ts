import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prepareWorkspace, removeWorkspace } from "@/lib/engine/sagemaker/job-workspace";
import { exitMessage } from "@/lib/engine/sagemaker/job-container";
import type { CreateProcessingJobInput } from "@/lib/engine/sagemaker/request-schema";
import { makeTempDir } from "./harness";
import { sampleRequest } from "./sample-request";

/**
 * What a job left on disk, met again by the engine after it: a tree a crash left behind (the job is requeued
 * and its workspace prepared afresh), the workspace removed after the job, and an oversized exit message.
 * The trees are built here the way a job would have built them.
 */

let base: string;
let host: string;
const image = { description: "test", python: "/usr/bin/python3", workdir: "/", env: {}, entrypoint: [], cmd: ["true"], skipped: [] };
const request: CreateProcessingJobInput = sampleRequest();

beforeEach(async () => {
  base = await makeTempDir("leftovers");
  host = path.join(base, "host");
  await mkdir(host);
  await writeFile(path.join(host, "keep.txt"), "keep");
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const jobDir = () => path.join(base, "jobs", "job-1");

describe("a leftover tree", () => {
  it("prepareWorkspace never makes folders through links a crashed job left in its workspace", async () => {
    await mkdir(path.join(jobDir(), "root", "opt", "ml"), { recursive: true });
    await symlink(host, path.join(jobDir(), "root", "opt", "ml", "processing"));
    const workspace = await prepareWorkspace(jobDir(), request, image);
    expect((await readdir(host)).sort()).toEqual(["keep.txt"]);
    expect(await readdir(path.join(workspace.optMlDir, "processing"))).toEqual(expect.arrayContaining(["input", "output"]));
  });

  it("removing a workspace removes links, FIFOs and folders the job locked, and nothing they point at", async () => {
    const optMl = path.join(jobDir(), "root", "opt", "ml");
    await mkdir(path.join(optMl, "locked", "inner"), { recursive: true });
    await writeFile(path.join(optMl, "locked", "inner", "f"), "x");
    await symlink(host, path.join(optMl, "dir-link"));
    await symlink(path.join(host, "keep.txt"), path.join(optMl, "file-link"));
    execFileSync("mkfifo", [path.join(optMl, "fifo")]);
    await chmod(path.join(optMl, "locked", "inner"), 0o000);
    await chmod(path.join(optMl, "locked"), 0o500);
    await removeWorkspace(jobDir());
    expect(existsSync(path.join(jobDir(), "root"))).toBe(false);
    expect(await readFile(path.join(host, "keep.txt"), "utf8")).toBe("keep");
  });

  it("an exit message larger than 1 KiB is read up to 1 KiB, as SageMaker's is", async () => {
    const optMl = path.join(jobDir(), "root", "opt", "ml");
    await mkdir(path.join(optMl, "output"), { recursive: true });
    await writeFile(path.join(optMl, "output", "message"), "m".repeat(100_000));
    expect(await exitMessage(optMl, () => undefined)).toHaveLength(1024);
  });
});
