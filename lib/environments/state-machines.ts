import { isDeepStrictEqual } from "node:util";
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  ListTagsForResourceCommand,
  ResourceNotFound,
  StateMachineDoesNotExist,
  TagResourceCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import type { StateMachineKind } from "@/lib/pipelines/names";

export type StateMachineTags = Record<string, string>;

/** Who a Ferry-made state machine belongs to: a release's pipeline, a deployment's model, a parity run's request. */
export type Ownership = { kind: StateMachineKind; owner: string };

export const OWNERSHIP_TAGS = { kind: "ferry:kind", owner: "ferry:owner" } as const;

export type StateMachineSpec = {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  ownership: Ownership;
  /** Descriptive tags for people; the ownership tags are added to them. */
  tags: StateMachineTags;
  versionDescription: string;
};

/** The unqualified ARN, the version just published (immutable), and that version's revision. */
export type PublishedStateMachine = { arn: string; versionArn: string; revisionId: string | null };

/** What was approved to run: the version, its revision, and what that version must hold. */
export type ApprovedVersion = { versionArn: string; revisionId: string | null; definition: unknown; roleArn: string };

/** Someone else's state machine sits at the name: Ferry refuses to touch it. */
export class ForeignStateMachine extends Error {
  constructor(name: string, found: Partial<Ownership>, wanted: Ownership) {
    const whose = found.kind ? `belongs to ${found.kind} ${found.owner ?? "(no owner tag)"}` : "has no ferry:kind/ferry:owner tags (it is not Ferry's)";
    super(`State machine ${name} ${whose}, not to ${wanted.kind} ${wanted.owner}; Ferry changed nothing`);
    this.name = "Ferry.ForeignStateMachine";
  }
}

/** Step Functions answered with a version that does not hold what Ferry sent. */
export class VersionMismatch extends Error {
  constructor(versionArn: string, problems: string[]) {
    super(`Version ${versionArn} does not hold what was approved: ${problems.join("; ")}`);
    this.name = "Ferry.ApprovalMismatch";
  }
}

const toTagList = (tags: StateMachineTags) => Object.entries(tags).map(([key, value]) => ({ key, value }));

/**
 * Creates the state machine, or updates it in place when it exists and is ours (its ownership tags say so),
 * and publishes the result as a version. Safe to call again after any failure: an unchanged revision publishes
 * as the same version. The version Step Functions answers with is read back and checked against what was sent,
 * so what the caller records is exactly what will run.
 */
export async function publishStateMachine(sfn: SFNClient, spec: StateMachineSpec): Promise<PublishedStateMachine> {
  const tags = toTagList({ ...spec.tags, [OWNERSHIP_TAGS.kind]: spec.ownership.kind, [OWNERSHIP_TAGS.owner]: spec.ownership.owner });
  const common = { definition: spec.definition, roleArn: spec.roleArn, publish: true, versionDescription: spec.versionDescription };
  let versionArn: string | undefined;
  if (await exists(sfn, spec.arn)) {
    await assertOwned(sfn, spec);
    versionArn = (await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: spec.arn, ...common }))).stateMachineVersionArn;
    // Tags are not part of UpdateStateMachine; the descriptive ones change with every deployment.
    await sfn.send(new TagResourceCommand({ resourceArn: spec.arn, tags }));
  } else {
    versionArn = (await sfn.send(new CreateStateMachineCommand({ name: spec.name, type: "STANDARD", tags, ...common }))).stateMachineVersionArn;
    // CreateStateMachine answers an identical earlier create (someone else's, in a race) without changing it.
    await assertOwned(sfn, spec);
  }
  if (!versionArn) throw new Error(`Step Functions published no version of ${spec.name}`);
  const approved = { versionArn, definition: JSON.parse(spec.definition) as unknown, roleArn: spec.roleArn };
  const { revisionId, problems } = await inspectVersion(sfn, approved);
  if (problems.length > 0) throw new VersionMismatch(versionArn, problems);
  return { arn: spec.arn, versionArn, revisionId };
}

/** Points the alias at the version (creating the alias the first time), so the alias always names what is live. */
export async function pointAlias(sfn: SFNClient, stateMachineArn: string, alias: string, versionArn: string): Promise<void> {
  const routingConfiguration = [{ stateMachineVersionArn: versionArn, weight: 100 }];
  try {
    await sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${stateMachineArn}:${alias}`, routingConfiguration }));
  } catch (error) {
    if (!(error instanceof ResourceNotFound)) throw error;
    await sfn.send(new CreateStateMachineAliasCommand({ name: alias, routingConfiguration }));
  }
}

/** Why the version does not hold what was approved (revision, definition, role), or null when it does. */
export async function approvalMismatch(sfn: SFNClient, approved: ApprovedVersion): Promise<string | null> {
  const { revisionId, problems } = await inspectVersion(sfn, approved);
  if (revisionId !== approved.revisionId) problems.unshift(`its revision is ${revisionId ?? "the initial one"}, the approved one ${approved.revisionId ?? "the initial one"}`);
  return problems.length > 0 ? problems.join("; ") : null;
}

async function inspectVersion(sfn: SFNClient, expected: Omit<ApprovedVersion, "revisionId">): Promise<{ revisionId: string | null; problems: string[] }> {
  let described;
  try {
    described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: expected.versionArn }));
  } catch (error) {
    if (error instanceof StateMachineDoesNotExist) return { revisionId: null, problems: ["the version no longer exists"] };
    throw error;
  }
  const problems: string[] = [];
  if (!isDeepStrictEqual(parsed(described.definition), expected.definition)) problems.push("its definition is not the approved one");
  if (described.roleArn !== expected.roleArn) problems.push(`its role is ${described.roleArn ?? "missing"}, not ${expected.roleArn}`);
  return { revisionId: described.revisionId ?? null, problems };
}

function parsed(definition: string | undefined): unknown {
  try {
    return JSON.parse(definition ?? "");
  } catch {
    return undefined;
  }
}

async function exists(sfn: SFNClient, arn: string): Promise<boolean> {
  try {
    await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    return true;
  } catch (error) {
    if (error instanceof StateMachineDoesNotExist) return false;
    throw error;
  }
}

/** Refuses a state machine whose ferry:kind/ferry:owner tags name another owner, or that has none (not Ferry's). */
async function assertOwned(sfn: SFNClient, spec: StateMachineSpec): Promise<void> {
  const { tags = [] } = await sfn.send(new ListTagsForResourceCommand({ resourceArn: spec.arn }));
  const tag = (key: string) => tags.find((t) => t.key === key)?.value;
  const found = { kind: tag(OWNERSHIP_TAGS.kind) as StateMachineKind | undefined, owner: tag(OWNERSHIP_TAGS.owner) };
  if (found.kind !== spec.ownership.kind || found.owner !== spec.ownership.owner) throw new ForeignStateMachine(spec.name, found, spec.ownership);
}

/** An AWS SDK error as a person can read it: the error's name (AWS's error code) and its message. */
export function plainWords(error: unknown, fallback = "Unknown error from AWS"): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 1000);
  return fallback;
}
