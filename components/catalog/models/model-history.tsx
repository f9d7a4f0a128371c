import type { ModelDetail } from "@/lib/catalog/models/queries";
import { formatDateTime } from "@/components/ui/format";

export function ModelHistory({ history }: { history: ModelDetail["history"] }) {
  if (history.length === 0) return <p className="text-slate-600">Nothing recorded yet.</p>;
  return (
    <ol className="space-y-1.5 text-sm" aria-label="History">
      {history.map((h) => (
        <li key={h.id} className="flex gap-3">
          <time className="w-52 shrink-0 text-slate-500" dateTime={h.createdAt.toISOString()}>
            {formatDateTime(h.createdAt)}
          </time>
          <span>
            {h.summary} <span className="text-slate-500">· {h.actorEmail}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
