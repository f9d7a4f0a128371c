import type { Dashboard } from "@/lib/runs/dashboard";
import { formatDuration } from "@/components/ui/format";

export function SlowestSteps({ steps }: { steps: Dashboard["slowest"] }) {
  if (steps.length === 0) return <p className="text-sm text-slate-600">No finished steps in the last 7 days.</p>;
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="py-1">Step</th>
          <th>Pipeline</th>
          <th className="text-right">Avg</th>
          <th className="text-right">Max</th>
          <th className="text-right">Runs</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {steps.map((s) => (
          <tr key={`${s.pipeline}-${s.name}`}>
            <td className="py-1">{s.name}</td>
            <td className="text-slate-600">{s.pipeline}</td>
            <td className="text-right">{formatDuration(s.avgSeconds * 1000)}</td>
            <td className="text-right">{formatDuration(s.maxSeconds * 1000)}</td>
            <td className="text-right">{s.runs}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
