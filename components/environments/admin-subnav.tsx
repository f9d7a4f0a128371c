import Link from "next/link";

const LINKS = [
  ["/admin", "Users and health"],
  ["/admin/environments", "Environments"],
  ["/admin/workers", "Workers"],
  ["/admin/audit", "Audit"],
] as const;

/** Admin's sub-navigation; mount at the top of the admin pages (or an app/(app)/admin/layout.tsx). */
export function AdminSubnav({ current }: { current: (typeof LINKS)[number][0] }) {
  return (
    <nav aria-label="Admin" className="flex gap-2">
      {LINKS.map(([href, label]) => (
        <Link key={href} href={href} aria-current={href === current ? "page" : undefined} className={`rounded-md px-3 py-1.5 text-sm font-medium ${href === current ? "bg-slate-800 text-white" : "text-slate-700 hover:bg-slate-100"}`}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
