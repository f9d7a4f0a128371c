import { createHash } from "node:crypto";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** AWS's unique ids (`AIDA…` for users, `AROA…` for roles): 21 characters, here derived from what they name. */
function uniqueId(prefix: "AIDA" | "AROA", of: string): string {
  const digest = createHash("sha256").update(of).digest();
  return prefix + [...digest.subarray(0, 17)].map((byte) => ID_ALPHABET[byte % 32]).join("");
}

export interface CallerIdentity {
  Account: string;
  Arn: string;
  UserId: string;
}

/** Whoever signs with the engine's own key pair: one IAM user, `ferry`, of the engine's account. */
export function engineUserIdentity(accountId: string, accessKeyId: string): CallerIdentity {
  return { Account: accountId, Arn: `arn:aws:iam::${accountId}:user/ferry`, UserId: uniqueId("AIDA", `${accountId}/${accessKeyId}`) };
}

/** `arn:aws:iam::<account>:role/<path/><name>`; the name is what an assumed-role ARN carries. */
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

export type RoleName = { accountId: string; name: string };

export function parseRoleArn(arn: string): RoleName | undefined {
  const match = ROLE_ARN.exec(arn);
  return match?.[1] && match[2] ? { accountId: match[1], name: match[2] } : undefined;
}

export function assumedRole(roleArn: string, role: RoleName, sessionName: string): { arn: string; assumedRoleId: string } {
  return {
    arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
    assumedRoleId: `${uniqueId("AROA", roleArn)}:${sessionName}`,
  };
}
