import type { Dashboard } from "@/lib/runs/dashboard";
import { formatDuration } from "@/components/ui/format";

export function SlowestSteps({ steps }: { steps: Dashboard["slowest"] }) {
  if (steps.length === 0) return <p className="text-sm text-slate-600">No finished steps in the last 7 days.</p>;
  // On a phone the table scrolls inside its card, never the page; the pipeline column waits for a wider screen.
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-1">Step</th>
            <th className="hidden pl-3 sm:table-cell">Pipeline</th>
            <th className="pl-3 text-right">Avg</th>
            <th className="pl-3 text-right">Max</th>
            <th className="pl-3 text-right">Runs</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {steps.map((s) => (
            <tr key={`${s.pipeline}-${s.name}`}>
              <td className="py-1">{s.name}</td>
              <td className="hidden pl-3 text-slate-600 sm:table-cell">{s.pipeline}</td>
              <td className="whitespace-nowrap pl-3 text-right tabular-nums">{formatDuration(s.avgSeconds * 1000)}</td>
              <td className="whitespace-nowrap pl-3 text-right tabular-nums">{formatDuration(s.maxSeconds * 1000)}</td>
              <td className="pl-3 text-right tabular-nums">{s.runs}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
