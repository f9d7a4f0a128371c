import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { JobRecord } from "./job-record";

/**
 * Durable job state: one folder per job under `<dataDir>/jobs/<name>/` holding `job.json` (the record),
 * `job.log` (the container's stdout and stderr) and `root/` (the job's own `/opt/ml` tree). Records are
 * kept in memory and written through on every change; a write goes to a temporary file then is renamed, so
 * a crash never leaves a half-written record.
 */
export class JobStore {
  private readonly records = new Map<string, JobRecord>();
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  jobDir(name: string): string {
    return path.join(this.dataDir, "jobs", name);
  }

  logPath(name: string): string {
    return path.join(this.jobDir(name), "job.log");
  }

  async load(): Promise<void> {
    const root = path.join(this.dataDir, "jobs");
    await mkdir(root, { recursive: true });
    for (const name of await readdir(root)) {
      const text = await readFile(path.join(root, name, "job.json"), "utf8").catch(() => undefined);
      if (text !== undefined) this.records.set(name, JSON.parse(text) as JobRecord);
    }
  }

  get(name: string): JobRecord | undefined {
    return this.records.get(name);
  }

  all(): JobRecord[] {
    return [...this.records.values()];
  }

  /** Applies `change` to the record in memory at once, then persists it (writes are serialized). */
  update(name: string, change: Partial<JobRecord>): Promise<void> {
    const current = this.records.get(name);
    if (!current) throw new Error(`unknown job ${name}`);
    const next = { ...current, ...change, lastModifiedTime: Date.now() };
    this.records.set(name, next);
    return this.persist(next);
  }

  insert(record: JobRecord): Promise<void> {
    this.records.set(record.request.ProcessingJobName, record);
    return this.persist(record);
  }

  private persist(record: JobRecord): Promise<void> {
    const dir = this.jobDir(record.request.ProcessingJobName);
    const write = async () => {
      await mkdir(dir, { recursive: true });
      const tmp = path.join(dir, "job.json.tmp");
      await writeFile(tmp, JSON.stringify(record, null, 2));
      await rename(tmp, path.join(dir, "job.json"));
    };
    this.writes = this.writes.then(write, write);
    return this.writes;
  }
}
