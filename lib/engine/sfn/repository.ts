import { createHash } from "node:crypto";
import { appendFile, mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { isNotFound, readJson, writeJsonAtomic } from "../store/json-file";
import { SerialWriter } from "../store/serial-writer";
import type { ExecutionRecord, HistoryEvent, StateMachineAliasRecord, StateMachineRecord, StateMachineVersionRecord } from "./types";

/**
 * Step Functions' durable state: one JSON file per state machine, version, alias and execution (rewritten
 * atomically), and one append-only JSON-lines file per execution history. Everything is also held in memory;
 * files are named by the SHA-256 of the ARN so names never become paths.
 */
export class SfnRepository {
  readonly stateMachines = new Map<string, StateMachineRecord>();
  readonly versions = new Map<string, StateMachineVersionRecord>();
  readonly aliases = new Map<string, StateMachineAliasRecord>();
  readonly executions = new Map<string, ExecutionRecord>();
  private readonly histories = new Map<string, HistoryEvent[]>();
  private readonly writes = new SerialWriter();

  constructor(private readonly root: string) {}

  async load(): Promise<void> {
    for (const record of await this.readAll<StateMachineRecord>("state-machines")) {
      this.stateMachines.set(record.stateMachineArn, record);
    }
    for (const record of await this.readAll<StateMachineVersionRecord>("versions")) {
      this.versions.set(record.stateMachineVersionArn, record);
      // A version and its state machine are separate files: if a crash kept the version but not the
      // machine's new count, the number must still never be handed out again.
      const machine = this.stateMachines.get(record.stateMachineArn);
      if (machine) machine.latestVersion = Math.max(machine.latestVersion ?? 0, record.version);
    }
    for (const record of await this.readAll<StateMachineAliasRecord>("aliases")) {
      this.aliases.set(record.stateMachineAliasArn, record);
    }
    for (const record of await this.readAll<ExecutionRecord>("executions")) {
      this.executions.set(record.executionArn, record);
    }
  }

  saveStateMachine(record: StateMachineRecord): Promise<void> {
    this.stateMachines.set(record.stateMachineArn, record);
    return this.put("state-machines", record.stateMachineArn, record);
  }

  /** Deletes the state machine with its versions and aliases, as DeleteStateMachine does. */
  async deleteStateMachine(arn: string): Promise<void> {
    const versions = [...this.versions.values()].filter((v) => v.stateMachineArn === arn).map((v) => v.stateMachineVersionArn);
    const aliases = [...this.aliases.values()].filter((a) => a.stateMachineArn === arn).map((a) => a.stateMachineAliasArn);
    this.stateMachines.delete(arn);
    await Promise.all([this.remove("state-machines", arn), ...versions.map((v) => this.deleteVersion(v)), ...aliases.map((a) => this.deleteAlias(a))]);
  }

  saveVersion(record: StateMachineVersionRecord): Promise<void> {
    this.versions.set(record.stateMachineVersionArn, record);
    return this.put("versions", record.stateMachineVersionArn, record);
  }

  deleteVersion(arn: string): Promise<void> {
    this.versions.delete(arn);
    return this.remove("versions", arn);
  }

  saveAlias(record: StateMachineAliasRecord): Promise<void> {
    this.aliases.set(record.stateMachineAliasArn, record);
    return this.put("aliases", record.stateMachineAliasArn, record);
  }

  deleteAlias(arn: string): Promise<void> {
    this.aliases.delete(arn);
    return this.remove("aliases", arn);
  }

  saveExecution(record: ExecutionRecord): Promise<void> {
    this.executions.set(record.executionArn, record);
    return this.put("executions", record.executionArn, record);
  }

  /** Appends one event; the returned promise settles once it is on disk. */
  appendEvent(executionArn: string, event: HistoryEvent): Promise<void> {
    const events = this.histories.get(executionArn) ?? [];
    events.push(event);
    this.histories.set(executionArn, events);
    const file = this.file("histories", executionArn, "jsonl");
    return this.writes.run(file, async () => {
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, `${JSON.stringify(event)}\n`);
    });
  }

  /**
   * Starts the (empty) history of an execution that has never run. Its events are appended only once
   * `recorded` (the execution's first record write) settles, so no history file ever exists without its
   * execution on disk, whatever moment a crash picks.
   */
  newHistory(executionArn: string, recorded: Promise<void>): HistoryEvent[] {
    const events: HistoryEvent[] = [];
    this.histories.set(executionArn, events);
    // A failed record write is reported to StartExecution's caller; the history goes on regardless.
    void this.writes.run(this.file("histories", executionArn, "jsonl"), () => recorded.catch(() => undefined));
    return events;
  }

  async history(executionArn: string): Promise<HistoryEvent[]> {
    const cached = this.histories.get(executionArn);
    if (cached) return cached;
    const events = await this.readHistory(executionArn);
    this.histories.set(executionArn, events);
    return events;
  }

  flush(): Promise<void> {
    return this.writes.drain();
  }

  private async readHistory(executionArn: string): Promise<HistoryEvent[]> {
    try {
      const text = await readFile(this.file("histories", executionArn, "jsonl"), "utf8");
      // A crash can cut the last line short; every complete line before it is still a valid event.
      return text
        .split("\n")
        .filter((line) => line.trim() !== "")
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as HistoryEvent];
          } catch {
            return [];
          }
        });
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  private async readAll<T>(folder: string): Promise<T[]> {
    const dir = path.join(this.root, folder);
    await mkdir(dir, { recursive: true });
    const records: T[] = [];
    for (const name of await readdir(dir)) {
      if (!name.endsWith(".json")) continue;
      const record = await readJson<T>(path.join(dir, name));
      if (record) records.push(record);
    }
    return records;
  }

  private put(folder: string, arn: string, record: object): Promise<void> {
    const file = this.file(folder, arn, "json");
    const snapshot = { ...record };
    return this.writes.run(file, () => writeJsonAtomic(file, snapshot));
  }

  private remove(folder: string, arn: string): Promise<void> {
    const file = this.file(folder, arn, "json");
    return this.writes.run(file, () => rm(file, { force: true }));
  }

  private file(folder: string, arn: string, extension: string): string {
    return path.join(this.root, folder, `${createHash("sha256").update(arn).digest("hex")}.${extension}`);
  }
}
