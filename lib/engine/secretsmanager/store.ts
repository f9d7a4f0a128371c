import { createHash } from "node:crypto";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { isNotFound, readJson, writeJsonAtomic } from "../store/json-file";
import { SerialWriter } from "../store/serial-writer";

/** One value of a secret; `stages` holds AWSCURRENT on the current one, AWSPREVIOUS on the one before. */
export interface SecretVersion {
  versionId: string;
  secretString?: string;
  /** base64, as the JSON protocol carries blobs. */
  secretBinary?: string;
  stages: string[];
  created: number;
}

/** A secret as stored (times in epoch milliseconds); `deletion` is when a scheduled deletion takes effect. */
export interface SecretRecord {
  name: string;
  arn: string;
  description?: string;
  tags?: { Key?: string; Value?: string }[];
  created: number;
  lastChanged: number;
  deleted?: number;
  deletion?: number;
  versions: SecretVersion[];
}

const hashed = (name: string) => createHash("sha256").update(name).digest("hex");

/**
 * Secrets Manager's state: `<sha256(name)>.json` per secret, readable by the engine's user only (0600), rewritten
 * atomically and in order per secret; names never become paths. A secret is on disk before its call answers.
 */
export class SecretStore {
  readonly secrets = new Map<string, SecretRecord>();
  private readonly writes = new SerialWriter();

  constructor(private readonly root: string) {}

  async load(): Promise<void> {
    const files = await readdir(this.root).catch((error: unknown) => {
      if (isNotFound(error)) return [];
      throw error;
    });
    for (const file of files.filter((f) => f.endsWith(".json"))) {
      const record = await readJson<SecretRecord>(path.join(this.root, file));
      if (record) this.secrets.set(record.name, record);
    }
  }

  save(secret: SecretRecord): Promise<void> {
    this.secrets.set(secret.name, secret);
    const snapshot = structuredClone(secret);
    return this.writes.run(secret.name, () => writeJsonAtomic(this.fileOf(secret.name), snapshot, { mode: 0o600 }));
  }

  remove(name: string): Promise<void> {
    this.secrets.delete(name);
    return this.writes.run(name, () => rm(this.fileOf(name), { force: true }));
  }

  private fileOf(name: string): string {
    return path.join(this.root, `${hashed(name)}.json`);
  }
}
