"use client";

import { RoleSchema, ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import type { UserRow } from "@/lib/users/queries";
import { useAction } from "@/components/ui/use-action";
import { DataTable } from "@/components/ui/data-table";
import { setUserDisabledAction, setUserRolesAction } from "@/app/(app)/admin/actions";

const ROLES = RoleSchema.options;

export function UserTable({ users, currentUserId }: { users: UserRow[]; currentUserId: string }) {
  const roles = useAction(setUserRolesAction);
  const disable = useAction(setUserDisabledAction);

  function toggleRole(user: UserRow, role: Role) {
    const current = user.roles.map((r) => r.role);
    const next = current.includes(role) ? current.filter((r) => r !== role) : [...current, role];
    void roles.run({ userId: user.id, roles: next }, `Roles of ${user.email} updated`);
  }

  return (
    <DataTable columns={["User", ...ROLES.map((role) => ROLE_LABELS[role]), "Status"]} label="Users">
          {users.map((user) => (
            <tr key={user.id} data-testid={`user-row-${user.email}`}>
              <td className="px-4 py-2">
                <div className="font-medium">{user.name}</div>
                <div className="text-xs text-slate-500">{user.email}</div>
              </td>
              {ROLES.map((role) => (
                <td key={role} className="px-4 py-2">
                  <input
                    type="checkbox"
                    aria-label={`${ROLE_LABELS[role]} for ${user.email}`}
                    checked={user.roles.some((r) => r.role === role)}
                    disabled={roles.pending}
                    onChange={() => toggleRole(user, role)}
                    className="h-4 w-4 accent-brand-600"
                  />
                </td>
              ))}
              <td className="px-4 py-2">
                <div className="flex items-center gap-2">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${user.disabled ? "bg-slate-200 text-slate-700" : "bg-emerald-50 text-emerald-700"}`}>
                    {user.disabled ? "Disabled" : "Active"}
                  </span>
                  <button
                    type="button"
                    disabled={disable.pending || user.id === currentUserId}
                    title={user.id === currentUserId ? "You cannot disable yourself" : undefined}
                    onClick={() => {
                      // Disabling signs the user out everywhere: worth a second look.
                      if (!user.disabled && !window.confirm(`Disable ${user.email}? They are signed out everywhere at once.`)) return;
                      void disable.run({ userId: user.id, disabled: !user.disabled }, `${user.email} ${user.disabled ? "enabled" : "disabled"}`);
                    }}
                    className="rounded-md border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-100 disabled:opacity-50"
                  >
                    {user.disabled ? "Enable" : "Disable"}
                  </button>
                </div>
              </td>
            </tr>
          ))}
    </DataTable>
  );
}
