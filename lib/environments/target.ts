import type { Environment } from "@/generated/prisma/client";
import { ENGINE_PLACEHOLDERS } from "./embedded";

/**
 * The ARNs an environment's deployments name. An AWS environment names its own account and roles (checked when
 * it is saved); one that names none (the embedded engine's) gets the placeholders its definition gives.
 */
export function stateMachineRoleArn(environment: Pick<Environment, "stateMachineRoleArn">): string {
  return environment.stateMachineRoleArn ?? ENGINE_PLACEHOLDERS.stateMachineRoleArn;
}

export function stateMachineArn(environment: Pick<Environment, "region" | "accountId">, name: string): string {
  return `arn:aws:states:${environment.region}:${accountOf(environment)}:stateMachine:${name}`;
}

/** The role SageMaker jobs run as. */
export function sagemakerRoleArn(environment: Pick<Environment, "sagemakerRoleArn">): string {
  return environment.sagemakerRoleArn ?? ENGINE_PLACEHOLDERS.sagemakerRoleArn;
}

/** The account an environment's ARNs name. */
export function accountOf(environment: Pick<Environment, "accountId">): string {
  return environment.accountId ?? ENGINE_PLACEHOLDERS.accountId;
}
