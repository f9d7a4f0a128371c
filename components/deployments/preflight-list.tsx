import type { PreflightItem } from "@/lib/deployments/preflight";

export function PreflightList({ items }: { items: readonly PreflightItem[] }) {
  return (
    <ul aria-label="Pre-flight checks" className="space-y-1">
      {items.map((i) => (
        <li key={i.check} data-ok={i.ok} className="flex gap-2 text-sm">
          <span aria-hidden className={i.ok ? "text-emerald-700" : "text-red-700"}>
            {i.ok ? "✓" : "✗"}
          </span>
          <span>
            <span className="font-medium">{i.check}</span>
            <span className="sr-only">{i.ok ? " passed" : " failed"}</span>: <span className="text-slate-600">{i.detail}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
