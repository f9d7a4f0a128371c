import { AwsError } from "../errors";
import type { QueryService } from "../http/query-protocol";
import { assertValidRequest } from "../models";
import { assumedRole, engineUserIdentity, parseRoleArn, type CallerIdentity } from "./identity";
import { newSessionSecrets, type SessionStore } from "./sessions";

export const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
const VERSION = "2011-06-15";
const DEFAULT_DURATION_SECONDS = 3600;
/** AWS caps a session assumed with another session's credentials (role chaining) at one hour. */
const CHAINED_MAX_SECONDS = 3600;

/** Scalar members of the operations served, with the type the model checks (the query protocol sends text). */
const INTEGER_MEMBERS = new Set(["DurationSeconds"]);
/** What only IAM could enforce; the engine has no IAM, so it refuses them rather than ignore a restriction. */
const UNENFORCEABLE = ["Policy", "PolicyArns", "Tags", "TransitiveTagKeys", "SerialNumber", "TokenCode", "ProvidedContexts"];
const ASSUME_ROLE_MEMBERS = ["RoleArn", "RoleSessionName", "DurationSeconds", "ExternalId", "SourceIdentity"];

export interface StsOptions {
  accountId: string;
}

/**
 * STS's GetCallerIdentity and AssumeRole. The engine's account has every role one may name (IAM is not
 * modelled): any `arn:aws:iam::<engine account>:role/<name>` can be assumed with the engine's credentials,
 * and the temporary credentials returned are accepted, signed with their session token, until they expire.
 */
export function createStsService(sessions: SessionStore, options: StsOptions): QueryService {
  const identityOf = (caller: string): CallerIdentity => {
    const session = sessions.get(caller);
    return session ? { Account: options.accountId, Arn: session.arn, UserId: session.assumedRoleId } : engineUserIdentity(options.accountId, caller);
  };
  return {
    namespace: STS_NAMESPACE,
    handle: async (action, params, caller) => {
      if (params.get("Version") !== VERSION) throw new AwsError("InvalidAction", `Could not find operation ${action} for version ${params.get("Version") ?? "(none)"}`);
      if (action === "GetCallerIdentity") return { ...identityOf(caller) };
      if (action === "AssumeRole") return assumeRole(sessions, options, identityOf(caller), sessions.get(caller) !== undefined, params);
      throw new AwsError("InvalidAction", `Could not find operation ${action} for version ${VERSION}`);
    },
  };
}

async function assumeRole(sessions: SessionStore, options: StsOptions, caller: CallerIdentity, chained: boolean, params: URLSearchParams) {
  const unenforceable = UNENFORCEABLE.filter((name) => [...params.keys()].some((key) => key === name || key.startsWith(`${name}.`)));
  if (unenforceable.length > 0) {
    throw new AwsError("ValidationError", `The embedded engine has no IAM, so it cannot enforce ${unenforceable.join(", ")}; call AssumeRole without them.`);
  }
  const request = modelChecked(params);
  const role = parseRoleArn(request.RoleArn);
  if (!role) throw new AwsError("ValidationError", `${request.RoleArn} is not a valid role ARN (arn:aws:iam::<account>:role/<name>).`);
  if (role.accountId !== options.accountId) {
    throw new AwsError("AccessDenied", `User: ${caller.Arn} is not authorized to perform: sts:AssumeRole on resource: ${request.RoleArn}`, 403);
  }
  const seconds = request.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (chained && seconds > CHAINED_MAX_SECONDS) {
    throw new AwsError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }
  // Whole seconds, as AWS's Expiration is: a client comparing it with its clock sees what the engine enforces.
  const expiresAt = (Math.floor(Date.now() / 1000) + seconds) * 1000;
  const session = { ...newSessionSecrets(), expiresAt, roleArn: request.RoleArn, roleSessionName: request.RoleSessionName, ...assumedRole(request.RoleArn, role, request.RoleSessionName) };
  await sessions.issue(session);
  return {
    Credentials: { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z") },
    AssumedRoleUser: { AssumedRoleId: session.assumedRoleId, Arn: session.arn },
    PackedPolicySize: 0,
    ...(request.SourceIdentity ? { SourceIdentity: request.SourceIdentity } : {}),
  };
}

type AssumeRoleRequest = { RoleArn: string; RoleSessionName: string; DurationSeconds?: number; ExternalId?: string; SourceIdentity?: string };

/** The form's members as the model types them, checked against STS's model (lengths, patterns, ranges). */
function modelChecked(params: URLSearchParams): AssumeRoleRequest {
  const body: Record<string, string | number> = {};
  for (const name of ASSUME_ROLE_MEMBERS) {
    const value = params.get(name);
    if (value === null) continue;
    body[name] = INTEGER_MEMBERS.has(name) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  try {
    assertValidRequest("sts", "AssumeRole", body);
  } catch (error) {
    // The query protocol names every malformed request ValidationError.
    if (error instanceof AwsError) throw new AwsError("ValidationError", error.message);
    throw error;
  }
  return body as AssumeRoleRequest;
}
