import Link from "next/link";
import type { Dashboard } from "@/lib/runs/dashboard";
import { formatDateTime } from "@/components/ui/format";

export function PendingApprovals({ items, total }: { items: Dashboard["pendingApprovals"]; total: number }) {
  if (total === 0) return <p className="text-sm text-slate-600">No deployment waits for approval.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {items.map((d) => (
        <li key={d.id} className="flex justify-between gap-2 py-1.5">
          <Link href={`/deployments/${d.id}`} className="text-brand-700 hover:underline">
            {d.model.slug} → {d.environment.name}
          </Link>
          <span className="text-xs text-slate-500">{formatDateTime(d.requestedAt)}</span>
        </li>
      ))}
      {total > items.length && <li className="py-1.5 text-xs text-slate-500">and {total - items.length} more</li>}
    </ul>
  );
}
