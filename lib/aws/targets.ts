import path from "node:path";
import type { Environment } from "@/generated/prisma/client";
import { awsEndpoint, env, type Env } from "@/lib/config/env";

/**
 * Who signs a target's calls: the embedded engine's own key pair (its shared-credentials file, profile
 * `ferry`), the SDK's default chain of this process (instance role, SSO, AWS_* variables), or a role assumed
 * with that chain, whose session name carries the Ferry user for CloudTrail.
 */
export type CredentialSource =
  | { kind: "engine"; file: string }
  | { kind: "default-chain" }
  | { kind: "assumed-role"; roleArn: string; externalId: string | null; sessionName: string };

/** Where SDK calls go and as whom. lib/aws is the only place that knows endpoints and credentials. */
export type AwsTarget = { region: string; endpoint?: string; credentials: CredentialSource };

/** The columns of an environment that say where its calls go. */
export type EnvironmentTarget = Pick<Environment, "kind" | "region" | "endpointOverride" | "accessRoleArn" | "externalId">;

/** On whose behalf a call is made: a signed-in user, or nobody (the reconciler and other background work). */
export type Principal = { email: string } | null;

export function engineCredentialsFile(config: Env = env()): string {
  return path.resolve(config.FERRY_ENGINE_CREDENTIALS_FILE ?? path.join(config.FERRY_DATA_DIR, "engine", "credentials"));
}

function engineEndpoint(config: Env): string {
  return awsEndpoint(config) ?? `http://127.0.0.1:${config.FERRY_ENGINE_PORT}`;
}

/** The process's own target (health checks, start-up): the engine in embedded mode, AWS's default chain otherwise. */
export function defaultTarget(config: Env = env()): AwsTarget {
  if (config.FERRY_MODE === "embedded") return { region: config.AWS_REGION, endpoint: engineEndpoint(config), credentials: { kind: "engine", file: engineCredentialsFile(config) } };
  const endpoint = awsEndpoint(config);
  return { region: config.AWS_REGION, ...(endpoint ? { endpoint } : {}), credentials: { kind: "default-chain" } };
}

/**
 * An environment's target: the embedded engine signs with its own credentials; an AWS environment (whose
 * endpoint may be overridden, e.g. a VPC endpoint, or an engine playing AWS) uses the default chain, or assumes
 * the environment's access role with it.
 */
export function targetFor(environment: EnvironmentTarget, principal: Principal = null, config: Env = env()): AwsTarget {
  if (environment.kind === "EMBEDDED") {
    return { region: environment.region, endpoint: environment.endpointOverride ?? engineEndpoint(config), credentials: { kind: "engine", file: engineCredentialsFile(config) } };
  }
  const credentials: CredentialSource = environment.accessRoleArn
    ? { kind: "assumed-role", roleArn: environment.accessRoleArn, externalId: environment.externalId, sessionName: sessionNameFor(principal) }
    : { kind: "default-chain" };
  return { region: environment.region, ...(environment.endpointOverride ? { endpoint: environment.endpointOverride } : {}), credentials };
}

/** Whether the target is the embedded engine, whose own routes (lib/aws/engine-routes.ts) it then also answers. */
export function isEmbeddedEngine(target: AwsTarget): target is AwsTarget & { endpoint: string; credentials: { kind: "engine" } } {
  return target.credentials.kind === "engine" && target.endpoint !== undefined;
}

/**
 * `ferry-<local part of the user's e-mail>`, as STS allows a session name (`[\w+=,.@-]`, 2 to 64 characters):
 * CloudTrail then shows who in Ferry made each call. Background work signs as `ferry-system`.
 */
export function sessionNameFor(principal: Principal): string {
  const local = principal?.email.split("@")[0] ?? "system";
  const clean = local.replace(/[^\w+=,.@-]/g, "-").replace(/-+/g, "-");
  return `ferry-${clean || "user"}`.slice(0, 64);
}

/** Where calls go, in words for people (environment checks, health): never a secret. */
export function describeTarget(target: AwsTarget): string {
  const where = target.endpoint ?? `AWS ${target.region}`;
  switch (target.credentials.kind) {
    case "engine":
      return `the embedded engine at ${where} (npm start runs it, and creates its bucket)`;
    case "assumed-role":
      return `${where}, as ${target.credentials.roleArn} (session ${target.credentials.sessionName})`;
    default:
      return `${where}, with the default credentials of Ferry's process`;
  }
}

/** A stable key for a target: clients and credentials are kept per key. */
export function targetKey(target: AwsTarget): string {
  return JSON.stringify([target.region, target.endpoint ?? null, target.credentials]);
}
