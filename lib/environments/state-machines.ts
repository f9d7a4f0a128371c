import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  StateMachineDoesNotExist,
  TagResourceCommand,
  UpdateStateMachineCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";

export type StateMachineTags = Record<string, string>;

export type StateMachineSpec = { arn: string; name: string; definition: string; roleArn: string; tags: StateMachineTags };

const toTagList = (tags: StateMachineTags) => Object.entries(tags).map(([key, value]) => ({ key, value }));

/**
 * Creates the state machine, or updates it in place when it exists (same ARN), and (re)applies its tags.
 * Safe to call again after any failure: every step converges on the same end state.
 */
export async function upsertStateMachine(sfn: SFNClient, spec: StateMachineSpec): Promise<{ arn: string; revisionId: string | null }> {
  const tags = toTagList(spec.tags);
  try {
    await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: spec.arn }));
    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: spec.arn, definition: spec.definition, roleArn: spec.roleArn }));
    // Tags are not part of UpdateStateMachine; a deployment's tags change with every deployment.
    if (tags.length > 0) await sfn.send(new TagResourceCommand({ resourceArn: spec.arn, tags }));
  } catch (error) {
    if (!(error instanceof StateMachineDoesNotExist)) throw error;
    await sfn.send(new CreateStateMachineCommand({ name: spec.name, definition: spec.definition, roleArn: spec.roleArn, type: "STANDARD", tags }));
  }
  const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: spec.arn }));
  return { arn: described.stateMachineArn ?? spec.arn, revisionId: described.revisionId ?? null };
}

/** An AWS SDK error as a person can read it: the error's name (AWS's error code) and its message. */
export function plainWords(error: unknown, fallback = "Unknown error from AWS"): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 1000);
  return fallback;
}
