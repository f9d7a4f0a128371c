import { AwsError } from "../errors";
import { aliasArn, parseMachineRef } from "./arn";
import { paginate } from "./pagination";
import type { SfnRepository } from "./repository";
import type { Body } from "./request";
import type { RoutingEntry, StateMachineAliasRecord, StateMachineRecord } from "./types";
import { optionalString } from "./validation";
import { DESCRIPTION_MAX } from "./version-ops";

/** AWS's CharacterRestrictedName: at least one non-digit, so an alias never reads as a version number. */
const ALIAS_NAME = /^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]+$/;
const ALIAS_NAME_MAX = 80;
const MAX_ALIASES = 100;

const invalidRouting = (why: string) => new AwsError("ValidationException", `Invalid routingConfiguration: ${why}`);

/** CreateStateMachineAlias, UpdateStateMachineAlias, DescribeStateMachineAlias, ListStateMachineAliases, DeleteStateMachineAlias. */
export class AliasOps {
  constructor(
    private readonly repository: SfnRepository,
    private readonly machine: (arn: unknown) => StateMachineRecord,
  ) {}

  /** Idempotent for an identical description and routing; a different one under the same name conflicts. */
  async create(body: Body): Promise<unknown> {
    const name = aliasName(body.name);
    const description = optionalString(body.description, "description", DESCRIPTION_MAX);
    const routing = this.routing(body.routingConfiguration);
    const machineArn = parseMachineRef(routing[0]?.stateMachineVersionArn).stateMachineArn;
    const arn = aliasArn(machineArn, name);
    const existing = this.repository.aliases.get(arn);
    if (existing) {
      if (existing.description === description && sameRouting(existing.routingConfiguration, routing)) {
        return { stateMachineAliasArn: arn, creationDate: existing.creationDate / 1000 };
      }
      throw new AwsError("ConflictException", `Alias '${arn}' already exists with a different configuration`);
    }
    if (this.of(machineArn).length >= MAX_ALIASES) {
      throw new AwsError("ServiceQuotaExceededException", `The state machine '${machineArn}' already has ${MAX_ALIASES} aliases`);
    }
    const now = Date.now();
    await this.repository.saveAlias({
      stateMachineAliasArn: arn,
      stateMachineArn: machineArn,
      name,
      ...(description ? { description } : {}),
      routingConfiguration: routing,
      creationDate: now,
      updateDate: now,
    });
    return { stateMachineAliasArn: arn, creationDate: now / 1000 };
  }

  async update(body: Body): Promise<unknown> {
    const alias = this.get(body.stateMachineAliasArn);
    if (body.description === undefined && body.routingConfiguration === undefined) {
      throw new AwsError("ValidationException", "At least one of description or routingConfiguration must be specified");
    }
    const description = body.description === undefined ? alias.description : optionalString(body.description, "description", DESCRIPTION_MAX);
    const routing = body.routingConfiguration === undefined ? alias.routingConfiguration : this.routing(body.routingConfiguration);
    if (routing.some((r) => parseMachineRef(r.stateMachineVersionArn).stateMachineArn !== alias.stateMachineArn)) {
      throw invalidRouting("every version must belong to the alias's state machine");
    }
    const updated: StateMachineAliasRecord = { ...alias, description, routingConfiguration: routing, updateDate: Date.now() };
    await this.repository.saveAlias(updated);
    return { updateDate: updated.updateDate / 1000 };
  }

  describe(body: Body): unknown {
    const alias = this.get(body.stateMachineAliasArn);
    return {
      stateMachineAliasArn: alias.stateMachineAliasArn,
      name: alias.name,
      ...(alias.description ? { description: alias.description } : {}),
      routingConfiguration: alias.routingConfiguration,
      creationDate: alias.creationDate / 1000,
      updateDate: alias.updateDate / 1000,
    };
  }

  /** Newest first; given a version ARN, only the aliases that route to that version. */
  list(body: Body): unknown {
    const ref = parseMachineRef(body.stateMachineArn);
    if (ref.kind === "alias") throw new AwsError("InvalidArn", `Invalid Arn: '${String(body.stateMachineArn)}'`);
    this.machine(ref.stateMachineArn);
    if (ref.kind === "version" && !this.repository.versions.has(String(body.stateMachineArn))) {
      throw new AwsError("ResourceNotFound", `Resource not found: '${String(body.stateMachineArn)}'`);
    }
    const aliases = this.of(ref.stateMachineArn)
      .filter((a) => ref.kind !== "version" || a.routingConfiguration.some((r) => r.stateMachineVersionArn === body.stateMachineArn))
      .sort((a, b) => b.creationDate - a.creationDate || a.name.localeCompare(b.name));
    const { page, nextToken } = paginate(aliases, body.maxResults, body.nextToken);
    return {
      stateMachineAliases: page.map((a) => ({ stateMachineAliasArn: a.stateMachineAliasArn, creationDate: a.creationDate / 1000 })),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  async delete(body: Body): Promise<unknown> {
    const alias = this.get(body.stateMachineAliasArn);
    await this.repository.deleteAlias(alias.stateMachineAliasArn);
    return {};
  }

  get(arnValue: unknown): StateMachineAliasRecord {
    const ref = parseMachineRef(arnValue);
    if (ref.kind !== "alias") throw new AwsError("ValidationException", `'${String(arnValue)}' is not a state machine alias ARN`);
    const alias = this.repository.aliases.get(String(arnValue));
    if (!alias) throw new AwsError("ResourceNotFound", `Resource not found: '${String(arnValue)}'`);
    return alias;
  }

  /** One or two existing versions of one state machine, integer weights summing to 100. */
  private routing(value: unknown): RoutingEntry[] {
    if (!Array.isArray(value) || value.length < 1 || value.length > 2) {
      throw new AwsError(
        "ValidationException",
        "1 validation error detected: Value at 'routingConfiguration' failed to satisfy constraint: Member must have length between 1 and 2",
      );
    }
    const entries = value.map((item: unknown): RoutingEntry => {
      const { stateMachineVersionArn, weight } = (item ?? {}) as { stateMachineVersionArn?: unknown; weight?: unknown };
      if (typeof weight !== "number" || !Number.isInteger(weight) || weight < 0 || weight > 100) throw invalidRouting("each weight must be an integer from 0 to 100");
      const ref = parseMachineRef(stateMachineVersionArn);
      if (ref.kind !== "version") throw invalidRouting(`'${String(stateMachineVersionArn)}' is not a state machine version ARN`);
      return { stateMachineVersionArn: String(stateMachineVersionArn), weight };
    });
    if (entries.reduce((sum, e) => sum + e.weight, 0) !== 100) throw invalidRouting("the weights must add up to 100");
    if (new Set(entries.map((e) => e.stateMachineVersionArn)).size !== entries.length) throw invalidRouting("the versions must be different");
    if (new Set(entries.map((e) => parseMachineRef(e.stateMachineVersionArn).stateMachineArn)).size !== 1) {
      throw invalidRouting("both versions must belong to the same state machine");
    }
    for (const entry of entries) {
      if (!this.repository.versions.has(entry.stateMachineVersionArn)) {
        throw new AwsError("ResourceNotFound", `Resource not found: '${entry.stateMachineVersionArn}'`);
      }
    }
    return entries;
  }

  private of(stateMachineArn: string): StateMachineAliasRecord[] {
    return [...this.repository.aliases.values()].filter((a) => a.stateMachineArn === stateMachineArn);
  }
}

/** The name's constraints are in the service model, so AWS refuses a bad one with a model ValidationException. */
function aliasName(value: unknown): string {
  if (typeof value !== "string" || value.length < 1 || value.length > ALIAS_NAME_MAX) {
    throw new AwsError("ValidationException", `1 validation error detected: Value at 'name' failed to satisfy constraint: Member must have length between 1 and ${ALIAS_NAME_MAX}`);
  }
  if (!ALIAS_NAME.test(value)) {
    throw new AwsError(
      "ValidationException",
      `1 validation error detected: Value '${value}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ALIAS_NAME.source}`,
    );
  }
  return value;
}

function sameRouting(a: RoutingEntry[], b: RoutingEntry[]): boolean {
  const key = (entries: RoutingEntry[]) => entries.map((e) => `${e.stateMachineVersionArn}=${e.weight}`).sort().join(",");
  return key(a) === key(b);
}

/** The version an execution started on the alias runs: drawn by weight, as AWS routes it. */
export function pickVersion(alias: StateMachineAliasRecord, roll = Math.random() * 100): string {
  let left = roll;
  for (const entry of alias.routingConfiguration) {
    if (left < entry.weight) return entry.stateMachineVersionArn;
    left -= entry.weight;
  }
  // Only reached through rounding at the top of the range: the last version with any weight.
  return alias.routingConfiguration.filter((e) => e.weight > 0).at(-1)?.stateMachineVersionArn ?? "";
}
