import { AwsError } from "../errors";

export interface Partition {
  region: string;
  accountId: string;
}

export function stateMachineArn(at: Partition, name: string): string {
  return `arn:aws:states:${at.region}:${at.accountId}:stateMachine:${name}`;
}

export function executionArn(at: Partition, stateMachineName: string, name: string): string {
  return `arn:aws:states:${at.region}:${at.accountId}:execution:${stateMachineName}:${name}`;
}

/** Step Functions rejects malformed ARNs with InvalidArn before looking anything up. */
export function assertArn(value: unknown, kind: "stateMachine" | "execution"): string {
  const pattern = kind === "stateMachine" ? /^arn:aws[a-z-]*:states:[^:]*:\d{12}:stateMachine:[^:]+$/ : /^arn:aws[a-z-]*:states:[^:]*:\d{12}:execution:[^:]+:[^:]+$/;
  if (typeof value !== "string" || !pattern.test(value)) {
    throw new AwsError("InvalidArn", `Invalid Arn: '${String(value)}'`);
  }
  return value;
}

const STATE_MACHINE_ARN = /^(arn:aws[a-z-]*:states:[^:]*:\d{12}:stateMachine:[^:]+)(?::([^:]+))?$/;

/**
 * A state machine ARN, unqualified or qualified by a version number (`<arn>:3`) or an alias name
 * (`<arn>:live`). Alias names must contain a character other than a digit, so the two never mix.
 */
export type MachineRef = { stateMachineArn: string } & ({ kind: "machine" } | { kind: "version"; version: number } | { kind: "alias"; alias: string });

export function parseMachineRef(value: unknown): MachineRef {
  const match = typeof value === "string" ? STATE_MACHINE_ARN.exec(value) : null;
  if (!match?.[1]) throw new AwsError("InvalidArn", `Invalid Arn: '${String(value)}'`);
  const [, stateMachineArn, qualifier] = match;
  if (qualifier === undefined) return { kind: "machine", stateMachineArn };
  if (/^[1-9][0-9]*$/.test(qualifier)) return { kind: "version", stateMachineArn, version: Number(qualifier) };
  return { kind: "alias", stateMachineArn, alias: qualifier };
}

export const versionArn = (machineArn: string, version: number): string => `${machineArn}:${version}`;
export const aliasArn = (machineArn: string, alias: string): string => `${machineArn}:${alias}`;
