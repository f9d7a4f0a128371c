import { mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { readJson, writeJsonAtomic } from "../store/json-file";
import { SerialWriter } from "../store/serial-writer";
import type { JobRecord } from "./job-record";

/**
 * Durable job state: one folder per job under `<dataDir>/jobs/<name>/` holding `job.json` (the record),
 * `job.log` (the container's stdout and stderr) and `root/` (the job's own `/opt/ml` tree). Records are
 * kept in memory and written through on every change, atomically (see writeJsonAtomic).
 *
 * Writes are ordered per job, not across jobs: one job's record never waits for another's. A change made
 * while its job's previous write is in flight does not queue a write of its own snapshot: the next write
 * takes whatever the record is by then, so a burst of changes costs at most two writes and the file never
 * goes back to an older state.
 */
export class JobStore {
  private readonly records = new Map<string, JobRecord>();
  /** Lower-cased names: SageMaker's uniqueness check ignores case (ARNs are lower case). */
  private readonly lowerNames = new Set<string>();
  private readonly writes = new SerialWriter();
  /** Per job: how many changes were made, and how many of them the file on disk holds. */
  private readonly versions = new Map<string, { made: number; written: number }>();

  constructor(private readonly dataDir: string) {}

  /** Every job's folder is in here. */
  get jobsRoot(): string {
    return path.join(this.dataDir, "jobs");
  }

  jobDir(name: string): string {
    return path.join(this.jobsRoot, name);
  }

  logPath(name: string): string {
    return path.join(this.jobDir(name), "job.log");
  }

  async load(): Promise<void> {
    const root = this.jobsRoot;
    await mkdir(root, { recursive: true });
    for (const name of await readdir(root)) {
      const record = await readJson<JobRecord>(path.join(root, name, "job.json"));
      if (record) this.remember(record);
    }
  }

  get(name: string): JobRecord | undefined {
    return this.records.get(name);
  }

  all(): JobRecord[] {
    return [...this.records.values()];
  }

  hasNameIgnoringCase(name: string): boolean {
    return this.lowerNames.has(name.toLowerCase());
  }

  /**
   * Applies `change` to the record in memory at once (readers see it immediately); the promise settles once
   * a write holding this change, or a later one, is on disk.
   */
  update(name: string, change: Partial<JobRecord>): Promise<void> {
    const current = this.records.get(name);
    if (!current) throw new Error(`unknown job ${name}`);
    this.records.set(name, { ...current, ...change, lastModifiedTime: Date.now() });
    return this.persist(name);
  }

  insert(record: JobRecord): Promise<void> {
    this.remember(record);
    return this.persist(record.request.ProcessingJobName);
  }

  /** Settles once every change made so far is on disk (or its write failed). */
  flush(): Promise<void> {
    return this.writes.drain();
  }

  private remember(record: JobRecord): void {
    const name = record.request.ProcessingJobName;
    this.records.set(name, record);
    this.lowerNames.add(name.toLowerCase());
  }

  private persist(name: string): Promise<void> {
    const version = this.versions.get(name) ?? { made: 0, written: 0 };
    version.made += 1;
    this.versions.set(name, version);
    return this.writes.run(name, async () => {
      // An earlier write in this job's chain already took this change with it.
      if (version.written >= version.made) return;
      const made = version.made;
      await writeJsonAtomic(path.join(this.jobDir(name), "job.json"), this.records.get(name));
      version.written = Math.max(version.written, made);
    });
  }
}
