import { randomUUID } from "node:crypto";
import { AwsError } from "../errors";
import { assertArn, type Partition, stateMachineArn } from "./arn";
import { paginate } from "./pagination";
import type { SfnRepository } from "./repository";
import { type Body, requiredString } from "./request";
import type { StateMachineRecord, Tag } from "./types";
import { assertDefinition, assertName, diagnose, optionalString } from "./validation";

const DEFAULT_LOGGING = { level: "OFF", includeExecutionData: false };
const DEFAULT_TRACING = { enabled: false };

export class StateMachineOps {
  constructor(
    private readonly repository: SfnRepository,
    private readonly partition: Partition,
  ) {}

  async create(body: Body): Promise<unknown> {
    const name = assertName(body.name);
    const definition = assertDefinition(body.definition);
    const roleArn = requiredString(body, "roleArn");
    const type = body.type === "EXPRESS" ? "EXPRESS" : "STANDARD";
    const arn = stateMachineArn(this.partition, name);
    const existing = this.repository.stateMachines.get(arn);
    if (existing) {
      // CreateStateMachine is idempotent for an identical request; anything else is a conflict.
      if (existing.definition === definition && existing.roleArn === roleArn && existing.type === type) {
        return { stateMachineArn: arn, creationDate: existing.creationDate / 1000 };
      }
      throw new AwsError("StateMachineAlreadyExists", `State Machine Already Exists: '${arn}'`);
    }
    const record: StateMachineRecord = {
      stateMachineArn: arn,
      name,
      definition,
      roleArn,
      type,
      description: optionalString(body.description, "description"),
      creationDate: Date.now(),
      revisionId: randomUUID(),
      loggingConfiguration: body.loggingConfiguration ?? DEFAULT_LOGGING,
      tracingConfiguration: body.tracingConfiguration ?? DEFAULT_TRACING,
      tags: tagsOf(body.tags),
    };
    await this.repository.saveStateMachine(record);
    return { stateMachineArn: arn, creationDate: record.creationDate / 1000 };
  }

  async update(body: Body): Promise<unknown> {
    const record = this.get(body.stateMachineArn);
    if (body.definition === undefined && body.roleArn === undefined && body.loggingConfiguration === undefined && body.tracingConfiguration === undefined) {
      throw new AwsError("MissingRequiredParameter", "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
    }
    const updated: StateMachineRecord = {
      ...record,
      definition: body.definition === undefined ? record.definition : assertDefinition(body.definition),
      roleArn: optionalString(body.roleArn, "roleArn") ?? record.roleArn,
      loggingConfiguration: body.loggingConfiguration ?? record.loggingConfiguration,
      tracingConfiguration: body.tracingConfiguration ?? record.tracingConfiguration,
      updateDate: Date.now(),
      revisionId: randomUUID(),
    };
    await this.repository.saveStateMachine(updated);
    return { updateDate: (updated.updateDate ?? 0) / 1000, revisionId: updated.revisionId };
  }

  describe(body: Body): unknown {
    const record = this.get(body.stateMachineArn);
    return {
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: "ACTIVE",
      definition: record.definition,
      roleArn: record.roleArn,
      type: record.type,
      creationDate: record.creationDate / 1000,
      loggingConfiguration: record.loggingConfiguration,
      tracingConfiguration: record.tracingConfiguration,
      revisionId: record.revisionId,
      ...(record.description ? { description: record.description } : {}),
    };
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

export function tagsOf(value: unknown): Tag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new AwsError("ValidationException", "tags must be a list");
  return value.map((tag: unknown) => {
    const { key, value: tagValue } = (tag ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== "string" || key.length === 0 || key.length > 128) throw new AwsError("ValidationException", "Tag keys must be 1-128 characters");
    return { key, value: typeof tagValue === "string" ? tagValue : "" };
  });
}
