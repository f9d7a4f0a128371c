import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { isNotFound, readJson, writeJsonAtomic } from "../store/json-file";
import { SerialWriter } from "../store/serial-writer";
import type { BuildRecord, ProjectRecord } from "./records";

const hashed = (name: string) => createHash("sha256").update(name).digest("hex");

/**
 * CodeBuild's state: `projects/<sha256(name)>.json` and `builds/<sha256(id)>.json`, each rewritten atomically
 * and in order per record (names never become paths). A build's record is on disk before StartBuild answers and
 * at every change of phase.
 */
export class CodeBuildStore {
  readonly projects = new Map<string, ProjectRecord>();
  readonly builds = new Map<string, BuildRecord>();
  private readonly writes = new SerialWriter();

  constructor(private readonly root: string) {}

  async load(): Promise<void> {
    for (const project of await readAll<ProjectRecord>(path.join(this.root, "projects"))) this.projects.set(project.name, project);
    for (const build of await readAll<BuildRecord>(path.join(this.root, "builds"))) this.builds.set(build.id, build);
  }

  saveProject(project: ProjectRecord): Promise<void> {
    this.projects.set(project.name, project);
    const snapshot = structuredClone(project);
    return this.writes.run(`project:${project.name}`, () => writeJsonAtomic(path.join(this.root, "projects", `${hashed(project.name)}.json`), snapshot));
  }

  saveBuild(build: BuildRecord): Promise<void> {
    this.builds.set(build.id, build);
    const snapshot = structuredClone(build);
    return this.writes.run(`build:${build.id}`, () => writeJsonAtomic(path.join(this.root, "builds", `${hashed(build.id)}.json`), snapshot));
  }

  drain(): Promise<void> {
    return this.writes.drain();
  }
}

async function readAll<T>(dir: string): Promise<T[]> {
  const files = await readdir(dir).catch((error: unknown) => {
    if (isNotFound(error)) return [];
    throw error;
  });
  const records: T[] = [];
  for (const file of files.filter((f) => f.endsWith(".json"))) {
    const record = await readJson<T>(path.join(dir, file));
    if (record) records.push(record);
  }
  return records;
}
