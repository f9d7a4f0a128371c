import { ROLE_LABELS, type Actor } from "@/lib/auth/permissions";

export function UserBadge({ actor }: { actor: Actor }) {
  return (
    <div className="text-right" data-testid="current-user">
      <div className="text-sm font-medium text-slate-800">{actor.name}</div>
      <div className="text-xs text-slate-500">
        {actor.email} ·{" "}
        <span data-testid="current-roles">{actor.roles.length ? actor.roles.map((r) => ROLE_LABELS[r]).join(", ") : "no role yet — ask an admin"}</span>
      </div>
    </div>
  );
}
