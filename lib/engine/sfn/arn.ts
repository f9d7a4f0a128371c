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
