import { AwsError } from "../errors";
import { parseMachineRef, versionArn } from "./arn";
import { paginate } from "./pagination";
import type { SfnRepository } from "./repository";
import type { Body } from "./request";
import type { Revision, StateMachineRecord, StateMachineVersionRecord } from "./types";
import { optionalString } from "./validation";

/** AWS keeps at most 1,000 versions per state machine; unused ones must be deleted by hand. */
const MAX_VERSIONS = 1000;
/** What PublishStateMachineVersion's `revisionId` calls the revision a state machine was created with. */
const INITIAL_REVISION = "INITIAL";
export const DESCRIPTION_MAX = 256;

export function revisionOf(source: Revision): Revision {
  const { definition, roleArn, type, loggingConfiguration, tracingConfiguration, revisionId } = source;
  return { definition, roleArn, type, loggingConfiguration, tracingConfiguration, ...(revisionId ? { revisionId } : {}) };
}

/** PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion. */
export class VersionOps {
  constructor(
    private readonly repository: SfnRepository,
    private readonly machine: (arn: unknown) => StateMachineRecord,
  ) {}

  async publish(body: Body): Promise<unknown> {
    const machine = this.machine(body.stateMachineArn);
    const expected = optionalString(body.revisionId, "revisionId");
    const description = optionalString(body.description, "description", DESCRIPTION_MAX);
    if (expected !== undefined && expected !== (machine.revisionId ?? INITIAL_REVISION)) {
      throw new AwsError(
        "ConflictException",
        `Failed to publish the State Machine version: the revisionId '${expected}' does not match the current revisionId of '${machine.stateMachineArn}'`,
      );
    }
    const { version, saved } = this.publishCurrent(machine.stateMachineArn, description);
    await saved;
    return { stateMachineVersionArn: version.stateMachineVersionArn, creationDate: version.creationDate / 1000 };
  }

  /**
   * Publishes the state machine's current revision, or answers with the version that already holds it
   * (PublishStateMachineVersion is idempotent per revision). Synchronous up to the write, so that a caller
   * that has just changed the revision publishes exactly that revision, and two concurrent publishes of one
   * revision cannot both take a number.
   */
  publishCurrent(stateMachineArn: string, description: string | undefined): { version: StateMachineVersionRecord; saved: Promise<void> } {
    const machine = this.machine(stateMachineArn);
    const versions = this.of(stateMachineArn);
    const existing = versions.find((v) => v.revisionId === machine.revisionId);
    if (existing) return { version: existing, saved: Promise.resolve() };
    if (versions.length >= MAX_VERSIONS) {
      throw new AwsError("ServiceQuotaExceededException", `The state machine '${stateMachineArn}' already has ${MAX_VERSIONS} versions; delete unused ones first`);
    }
    const number = (machine.latestVersion ?? 0) + 1;
    const version: StateMachineVersionRecord = {
      ...revisionOf(machine),
      stateMachineVersionArn: versionArn(stateMachineArn, number),
      stateMachineArn,
      version: number,
      creationDate: Date.now(),
      ...(description ? { description } : {}),
    };
    const saved = Promise.all([this.repository.saveStateMachine({ ...machine, latestVersion: number }), this.repository.saveVersion(version)]);
    return { version, saved: saved.then(() => undefined) };
  }

  list(body: Body): unknown {
    const machine = this.machine(body.stateMachineArn);
    const newestFirst = this.of(machine.stateMachineArn).sort((a, b) => b.version - a.version);
    const { page, nextToken } = paginate(newestFirst, body.maxResults, body.nextToken);
    return {
      stateMachineVersions: page.map((v) => ({ stateMachineVersionArn: v.stateMachineVersionArn, creationDate: v.creationDate / 1000 })),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  /** Deleting a version that does not exist succeeds, as in AWS; one an alias routes to is refused. */
  async delete(body: Body): Promise<unknown> {
    const arn = versionRef(body.stateMachineVersionArn);
    const routedBy = [...this.repository.aliases.values()].filter((alias) => alias.routingConfiguration.some((r) => r.stateMachineVersionArn === arn));
    if (routedBy.length > 0) {
      throw new AwsError(
        "ConflictException",
        `Version '${arn}' is referenced by the alias(es) ${routedBy.map((a) => a.name).join(", ")}; update or delete them before deleting the version`,
      );
    }
    await this.repository.deleteVersion(arn);
    return {};
  }

  get(arnValue: unknown): StateMachineVersionRecord {
    const arn = versionRef(arnValue);
    const version = this.repository.versions.get(arn);
    if (!version) throw new AwsError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
    return version;
  }

  private of(stateMachineArn: string): StateMachineVersionRecord[] {
    return [...this.repository.versions.values()].filter((v) => v.stateMachineArn === stateMachineArn);
  }
}

function versionRef(value: unknown): string {
  const ref = parseMachineRef(value);
  if (ref.kind !== "version") throw new AwsError("ValidationException", `'${String(value)}' is not a state machine version ARN`);
  return value as string;
}
