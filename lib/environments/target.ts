import type { Environment } from "@/generated/prisma/client";
import { awsEndpoint, env } from "@/lib/config/env";
import type { AwsTarget } from "@/lib/aws/clients";

/** Where an environment's SDK calls go: its endpoint override, the embedded engine, or AWS itself. */
export function targetFor(environment: Pick<Environment, "kind" | "region" | "endpointOverride">): AwsTarget {
  const endpoint = environment.endpointOverride ?? (environment.kind === "EMBEDDED" ? awsEndpoint(env()) : undefined);
  return { region: environment.region, ...(endpoint ? { endpoint } : {}), engine: environment.kind === "EMBEDDED" };
}

/** Embedded environments accept any role; AWS ones must name theirs (checked when the environment is saved). */
export const EMBEDDED_ACCOUNT_ID = "000000000000";

export function stateMachineRoleArn(environment: Pick<Environment, "stateMachineRoleArn">): string {
  return environment.stateMachineRoleArn ?? `arn:aws:iam::${EMBEDDED_ACCOUNT_ID}:role/ferry-embedded-state-machine`;
}

export function stateMachineArn(environment: Pick<Environment, "region" | "accountId">, name: string): string {
  return `arn:aws:states:${environment.region}:${environment.accountId ?? EMBEDDED_ACCOUNT_ID}:stateMachine:${name}`;
}

/** The role SageMaker jobs run as: the environment's own, or a placeholder the embedded engine accepts. */
export function sagemakerRoleArn(environment: Pick<Environment, "sagemakerRoleArn">): string {
  return environment.sagemakerRoleArn ?? `arn:aws:iam::${EMBEDDED_ACCOUNT_ID}:role/ferry-embedded-sagemaker`;
}

/** The account an environment's ARNs name: its own, or the embedded engine's. */
export function accountOf(environment: Pick<Environment, "accountId">): string {
  return environment.accountId ?? EMBEDDED_ACCOUNT_ID;
}
