import type { Environment } from "@/generated/prisma/client";
import { awsEndpoint, env } from "@/lib/config/env";
import type { AwsTarget } from "@/lib/aws/clients";

/** Where an environment's SDK calls go: its endpoint override, the embedded engine, or AWS itself. */
export function targetFor(environment: Pick<Environment, "kind" | "region" | "endpointOverride">): AwsTarget {
  const endpoint = environment.endpointOverride ?? (environment.kind === "EMBEDDED" ? awsEndpoint(env()) : undefined);
  return { region: environment.region, ...(endpoint ? { endpoint } : {}) };
}

/** Embedded environments accept any role; AWS ones must name theirs (checked when the environment is saved). */
export const EMBEDDED_ACCOUNT_ID = "000000000000";

export function stateMachineRoleArn(environment: Pick<Environment, "stateMachineRoleArn">): string {
  return environment.stateMachineRoleArn ?? `arn:aws:iam::${EMBEDDED_ACCOUNT_ID}:role/ferry-embedded-state-machine`;
}

export function stateMachineArn(environment: Pick<Environment, "region" | "accountId">, name: string): string {
  return `arn:aws:states:${environment.region}:${environment.accountId ?? EMBEDDED_ACCOUNT_ID}:stateMachine:${name}`;
}
