import { describe, expect, it } from "vitest";
import { can, knownRoles, PERMISSIONS, RoleSchema, type Permission, type Role } from "./permissions";

/**
 * The intended table, written out by hand on purpose: a change to PERMISSIONS must be made here too, so
 * widening a permission is always a visible, reviewed decision.
 */
const EXPECTED: Record<Permission, Record<Role, boolean>> = {
  "catalog:read": { DATA_SCIENTIST: true, MLOPS_ENGINEER: true, ADMIN: true },
  "catalog:write": { DATA_SCIENTIST: true, MLOPS_ENGINEER: true, ADMIN: true },
  "pipelines:write": { DATA_SCIENTIST: false, MLOPS_ENGINEER: true, ADMIN: true },
  "deployments:request": { DATA_SCIENTIST: true, MLOPS_ENGINEER: true, ADMIN: true },
  "deployments:decide": { DATA_SCIENTIST: false, MLOPS_ENGINEER: false, ADMIN: true },
  "runs:start": { DATA_SCIENTIST: true, MLOPS_ENGINEER: true, ADMIN: true },
  "environments:manage": { DATA_SCIENTIST: false, MLOPS_ENGINEER: false, ADMIN: true },
  "users:manage": { DATA_SCIENTIST: false, MLOPS_ENGINEER: false, ADMIN: true },
  "audit:read": { DATA_SCIENTIST: false, MLOPS_ENGINEER: false, ADMIN: true },
  "tokens:manage": { DATA_SCIENTIST: true, MLOPS_ENGINEER: true, ADMIN: true },
  "webhooks:manage": { DATA_SCIENTIST: false, MLOPS_ENGINEER: false, ADMIN: true },
};

const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];
const ROLES = RoleSchema.options;

describe("the permission table", () => {
  it("covers exactly the permissions the code declares", () => {
    expect([...PERMISSION_NAMES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it("knows exactly three roles", () => {
    expect([...ROLES].sort()).toEqual(["ADMIN", "DATA_SCIENTIST", "MLOPS_ENGINEER"]);
  });

  const cells = PERMISSION_NAMES.flatMap((permission) => ROLES.map((role) => ({ permission, role, allowed: EXPECTED[permission][role] })));

  it.each(cells)("$role → $permission: $allowed", ({ permission, role, allowed }) => {
    expect(can({ roles: [role] }, permission)).toBe(allowed);
  });

  it("grants a user with several roles the union of them", () => {
    for (const permission of PERMISSION_NAMES) {
      const expected = EXPECTED[permission].DATA_SCIENTIST || EXPECTED[permission].MLOPS_ENGINEER;
      expect(can({ roles: ["DATA_SCIENTIST", "MLOPS_ENGINEER"] }, permission), permission).toBe(expected);
    }
  });

  it("grants nothing to a user without roles", () => {
    for (const permission of PERMISSION_NAMES) expect(can({ roles: [] }, permission), permission).toBe(false);
  });

  it("keeps admin-only powers away from every other role", () => {
    const adminOnly = PERMISSION_NAMES.filter((p) => !EXPECTED[p].DATA_SCIENTIST && !EXPECTED[p].MLOPS_ENGINEER);
    expect(adminOnly).toEqual(expect.arrayContaining(["users:manage", "deployments:decide", "environments:manage", "audit:read"]));
  });
});

describe("unknown roles grant nothing", () => {
  it("drops role strings that are not exactly a known role", () => {
    expect(knownRoles(["SUPERUSER", "admin", "ADMIN ", "", "ROOT", "Admin"])).toEqual([]);
  });

  it("keeps the known ones in order, next to unknown ones", () => {
    expect(knownRoles(["OWNER", "MLOPS_ENGINEER", "GOD", "ADMIN"])).toEqual(["MLOPS_ENGINEER", "ADMIN"]);
  });

  it("a database row with only unknown roles can do nothing", () => {
    const actor = { roles: knownRoles(["OWNER", "superadmin", "*"]) };
    for (const permission of PERMISSION_NAMES) expect(can(actor, permission), permission).toBe(false);
  });

  it("fails closed even if an unknown role slips past knownRoles", () => {
    // Only reachable through a bad cast; simulates a role the code no longer declares.
    const roles = ["ROOT"] as unknown as Role[];
    for (const permission of PERMISSION_NAMES) expect(can({ roles }, permission), permission).toBe(false);
  });
});
