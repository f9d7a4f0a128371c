import { z } from "zod";

export const RoleSchema = z.enum(["DATA_SCIENTIST", "MLOPS_ENGINEER", "ADMIN"]);
export type Role = z.infer<typeof RoleSchema>;

export const ROLE_LABELS: Record<Role, string> = {
  DATA_SCIENTIST: "Data scientist",
  MLOPS_ENGINEER: "MLOps engineer",
  ADMIN: "Admin",
};

/**
 * Who may do what. Every command names one permission; a caller needs at least one listed role. Which objects
 * they may do it to (their own model, a run they started) is the table beside this one, OBJECT_RULES in
 * ./object-rules.ts; four eyes (nobody approves their own request) lives in the deployment commands.
 */
export const PERMISSIONS = {
  "catalog:read": ["DATA_SCIENTIST", "MLOPS_ENGINEER", "ADMIN"],
  "catalog:write": ["DATA_SCIENTIST", "MLOPS_ENGINEER", "ADMIN"],
  "pipelines:write": ["MLOPS_ENGINEER", "ADMIN"],
  "deployments:request": ["DATA_SCIENTIST", "MLOPS_ENGINEER", "ADMIN"],
  "deployments:decide": ["ADMIN"],
  "runs:start": ["DATA_SCIENTIST", "MLOPS_ENGINEER", "ADMIN"],
  "environments:manage": ["ADMIN"],
  "users:manage": ["ADMIN"],
  "audit:read": ["ADMIN"],
  /** One's own personal access tokens (lib/tokens): whoever has a role may automate what that role allows. */
  "tokens:manage": ["DATA_SCIENTIST", "MLOPS_ENGINEER", "ADMIN"],
  "webhooks:manage": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** `tokenId`: the personal access token of an API call (lib/tokens), recorded with each change it makes. */
export type Actor = { id: string; email: string; name: string; roles: readonly Role[]; tokenId?: string };

/**
 * Roles arrive from the database as strings; anything not in RoleSchema (a role removed from the code, a typo
 * in a manual SQL fix) grants nothing rather than failing open.
 */
export function knownRoles(raw: readonly string[]): Role[] {
  return raw.flatMap((r) => {
    const parsed = RoleSchema.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  });
}

export function can(actor: Pick<Actor, "roles">, permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return actor.roles.some((role) => allowed.includes(role));
}
