import Link from "next/link";
import { ROLE_LABELS, type Actor } from "@/lib/auth/permissions";

/** Who is signed in; on narrow screens the name alone, so the header keeps to one line. */
export function UserBadge({ actor }: { actor: Actor }) {
  return (
    <div className="min-w-0 text-right" data-testid="current-user">
      <Link href="/profile" className="block truncate text-sm font-medium text-slate-800 hover:underline">
        {actor.name}
      </Link>
      <div className="hidden text-xs text-slate-600 sm:block">
        {actor.email} ·{" "}
        <span data-testid="current-roles">{actor.roles.length ? actor.roles.map((r) => ROLE_LABELS[r]).join(", ") : "no role yet — ask an admin"}</span>
      </div>
    </div>
  );
}
