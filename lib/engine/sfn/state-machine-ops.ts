import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { AwsError } from "../errors";
import { assertArn, parseMachineRef, type Partition, stateMachineArn, versionArn } from "./arn";
import { paginate } from "./pagination";
import type { SfnRepository } from "./repository";
import { type Body, requiredString } from "./request";
import type { Revision, StateMachineRecord, Tag } from "./types";
import { assertDefinition, assertName, diagnose, optionalString } from "./validation";
import { DESCRIPTION_MAX, revisionOf, VersionOps } from "./version-ops";

const DEFAULT_LOGGING = { level: "OFF", includeExecutionData: false };
const DEFAULT_TRACING = { enabled: false };

type Publishing = { publish: boolean; versionDescription?: string };

export class StateMachineOps {
  readonly versions: VersionOps;

  constructor(
    private readonly repository: SfnRepository,
    private readonly partition: Partition,
  ) {
    this.versions = new VersionOps(repository, (arn) => this.get(arn));
  }

  async create(body: Body): Promise<unknown> {
    const name = assertName(body.name);
    const requested: Revision = {
      definition: assertDefinition(body.definition),
      roleArn: requiredString(body, "roleArn"),
      type: machineType(body.type),
      loggingConfiguration: body.loggingConfiguration ?? DEFAULT_LOGGING,
      tracingConfiguration: body.tracingConfiguration ?? DEFAULT_TRACING,
    };
    const publishing = publishingOf(body);
    const arn = stateMachineArn(this.partition, name);
    const existing = this.repository.stateMachines.get(arn);
    if (existing) return createdAgain(existing, requested, publishing);
    const record: StateMachineRecord = {
      ...requested,
      stateMachineArn: arn,
      name,
      description: optionalString(body.description, "description"),
      creationDate: Date.now(),
      tags: tagsOf(body.tags),
      createdWith: publishing,
    };
    const saved = this.repository.saveStateMachine(record);
    const published = publishing.publish ? this.versions.publishCurrent(arn, publishing.versionDescription) : undefined;
    await Promise.all([saved, published?.saved]);
    return {
      stateMachineArn: arn,
      creationDate: record.creationDate / 1000,
      ...(published ? { stateMachineVersionArn: published.version.stateMachineVersionArn } : {}),
    };
  }

  /**
   * A new revision only when something changes; `publish` then snapshots the (possibly unchanged) current
   * revision, which PublishStateMachineVersion's idempotency answers with the existing version.
   */
  async update(body: Body): Promise<unknown> {
    const ref = parseMachineRef(body.stateMachineArn);
    if (ref.kind !== "machine") throw new AwsError("ValidationException", "A state machine version or alias cannot be updated; update the state machine itself");
    const record = this.get(ref.stateMachineArn);
    if (body.definition === undefined && body.roleArn === undefined && body.loggingConfiguration === undefined && body.tracingConfiguration === undefined) {
      throw new AwsError("MissingRequiredParameter", "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
    }
    const publishing = publishingOf(body);
    const next: Revision = {
      ...revisionOf(record),
      definition: body.definition === undefined ? record.definition : assertDefinition(body.definition),
      roleArn: optionalString(body.roleArn, "roleArn") ?? record.roleArn,
      loggingConfiguration: body.loggingConfiguration ?? record.loggingConfiguration,
      tracingConfiguration: body.tracingConfiguration ?? record.tracingConfiguration,
    };
    const changed = !isDeepStrictEqual(next, revisionOf(record));
    const updated: StateMachineRecord = changed ? { ...record, ...next, revisionId: randomUUID(), updateDate: Date.now() } : record;
    const saved = changed ? this.repository.saveStateMachine(updated) : Promise.resolve();
    const published = publishing.publish ? this.versions.publishCurrent(record.stateMachineArn, publishing.versionDescription) : undefined;
    await Promise.all([saved, published?.saved]);
    return {
      updateDate: (updated.updateDate ?? updated.creationDate) / 1000,
      ...(updated.revisionId ? { revisionId: updated.revisionId } : {}),
      ...(published ? { stateMachineVersionArn: published.version.stateMachineVersionArn } : {}),
    };
  }

  /** On a version ARN: that version's definition, revision and description, with the version ARN. */
  describe(body: Body): unknown {
    const ref = parseMachineRef(body.stateMachineArn);
    if (ref.kind === "alias") throw new AwsError("ValidationException", "Describe an alias with DescribeStateMachineAlias");
    const machine = this.get(ref.stateMachineArn);
    if (ref.kind === "version") {
      const version = this.versions.get(body.stateMachineArn);
      return describeRevision(machine.name, version.stateMachineVersionArn, version, version.creationDate, version.description);
    }
    return describeRevision(machine.name, machine.stateMachineArn, machine, machine.creationDate, machine.description);
  }

  list(body: Body): unknown {
    const all = [...this.repository.stateMachines.values()].sort((a, b) => a.name.localeCompare(b.name));
    const { page, nextToken } = paginate(all, body.maxResults, body.nextToken);
    return {
      stateMachines: page.map((r) => ({ stateMachineArn: r.stateMachineArn, name: r.name, type: r.type, creationDate: r.creationDate / 1000 })),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  /** Executions keep their own copy of the definition, so they run to completion after the delete. */
  async delete(body: Body): Promise<unknown> {
    const arn = assertArn(body.stateMachineArn, "stateMachine");
    await this.repository.deleteStateMachine(arn);
    return {};
  }

  validate(body: Body): unknown {
    const definition = requiredString(body, "definition");
    const diagnostics = diagnose(definition);
    return { result: diagnostics.length ? "FAIL" : "OK", diagnostics, truncated: false };
  }

  get(arnValue: unknown): StateMachineRecord {
    const arn = assertArn(arnValue, "stateMachine");
    const record = this.repository.stateMachines.get(arn);
    if (!record) throw new AwsError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
    return record;
  }
}

/**
 * CreateStateMachine is idempotent: AWS compares the definition, type, logging, tracing, `publish` and
 * `versionDescription`; a repeat that differs only in roleArn or tags returns the existing state machine and
 * changes nothing.
 */
function createdAgain(existing: StateMachineRecord, requested: Revision, publishing: Publishing): unknown {
  const created = existing.createdWith ?? { publish: false };
  const same =
    existing.definition === requested.definition &&
    existing.type === requested.type &&
    isDeepStrictEqual(existing.loggingConfiguration, requested.loggingConfiguration) &&
    isDeepStrictEqual(existing.tracingConfiguration, requested.tracingConfiguration) &&
    created.publish === publishing.publish &&
    created.versionDescription === publishing.versionDescription;
  if (!same) throw new AwsError("StateMachineAlreadyExists", `State Machine Already Exists: '${existing.stateMachineArn}'`);
  return {
    stateMachineArn: existing.stateMachineArn,
    creationDate: existing.creationDate / 1000,
    ...(publishing.publish ? { stateMachineVersionArn: versionArn(existing.stateMachineArn, 1) } : {}),
  };
}

function describeRevision(name: string, arn: string, revision: Revision, creationDate: number, description: string | undefined): unknown {
  return {
    stateMachineArn: arn,
    name,
    status: "ACTIVE",
    definition: revision.definition,
    roleArn: revision.roleArn,
    type: revision.type,
    creationDate: creationDate / 1000,
    loggingConfiguration: revision.loggingConfiguration,
    tracingConfiguration: revision.tracingConfiguration,
    ...(revision.revisionId ? { revisionId: revision.revisionId } : {}),
    ...(description ? { description } : {}),
  };
}

function machineType(value: unknown): Revision["type"] {
  if (value === undefined || value === null) return "STANDARD";
  if (value !== "STANDARD" && value !== "EXPRESS") {
    throw new AwsError("ValidationException", `1 validation error detected: Value '${String(value)}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]`);
  }
  return value;
}

/** `versionDescription` is allowed only with `publish: true`. */
function publishingOf(body: Body): Publishing {
  if (body.publish !== undefined && body.publish !== null && typeof body.publish !== "boolean") {
    throw new AwsError("ValidationException", "Value at 'publish' must be a boolean");
  }
  const publish = body.publish === true;
  const versionDescription = optionalString(body.versionDescription, "versionDescription", DESCRIPTION_MAX);
  if (versionDescription !== undefined && !publish) {
    throw new AwsError("ValidationException", "Version description can only be set when publish is true");
  }
  return versionDescription === undefined ? { publish } : { publish, versionDescription };
}

export function tagsOf(value: unknown): Tag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new AwsError("ValidationException", "tags must be a list");
  return value.map((tag: unknown) => {
    const { key, value: tagValue } = (tag ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== "string" || key.length === 0 || key.length > 128) throw new AwsError("ValidationException", "Tag keys must be 1-128 characters");
    return { key, value: typeof tagValue === "string" ? tagValue : "" };
  });
}
