import Link from "next/link";
import type { ReactNode } from "react";
import type { CompareRow, RunComparison } from "@/lib/runs/compare";
import { DiffView } from "@/components/ui/diff-view";
import { StatusBadge } from "../status-badge";
import { formatDuration, formatDateTime } from "@/components/ui/format";

type Runs = RunComparison["runs"];

const show = (value: unknown): string => (value === null || value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value));
const bytes = (n: number | null) => (n === null ? "—" : n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);

/** One comparison table: a row per compared value, a column per run; rows whose values differ are marked. */
function CompareTable<T>({ title, runs, rows, format, empty }: { title: string; runs: Runs; rows: CompareRow<T>[]; format: (value: T) => ReactNode; empty: string }) {
  return (
    <section aria-label={title} className="space-y-2 rounded-xl border border-slate-200 bg-white p-4">
      <h2 className="font-medium">{title}</h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <div tabIndex={0} role="region" aria-label={`${title}, scrollable`} className="overflow-x-auto">
          <table aria-label={title} className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-2 py-1 font-medium">
                  &nbsp;
                </th>
                {runs.map((run) => (
                  <th key={run.id} scope="col" className="px-2 py-1 font-mono font-medium normal-case">
                    {run.executionName}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.label} data-differs={row.differs} className={row.differs ? "bg-amber-50" : undefined}>
                  <th scope="row" className="max-w-64 break-words px-2 py-1 font-normal">
                    {row.label}
                    {row.differs && <span className="ml-1 text-xs font-medium text-amber-900">differs</span>}
                  </th>
                  {row.values.map((value, i) => (
                    <td key={runs[i]?.id ?? i} className="break-all px-2 py-1 font-mono text-xs">
                      {format(value)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Two or more runs side by side: who and when, parameters, code, durations, outputs and the diffs of their CSVs. */
export function RunComparisonView({ comparison }: { comparison: RunComparison }) {
  const { runs } = comparison;
  return (
    <div className="space-y-4">
      <ol className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {runs.map((run, i) => (
          <li key={run.id} className="rounded-xl border border-slate-200 bg-white p-3 text-sm">
            <p className="text-xs text-slate-500">{i === 0 ? "Baseline" : `Run ${i + 1}`}</p>
            <Link href={`/runs/${run.id}`} className="break-all font-mono text-brand-700 hover:underline">
              {run.executionName}
            </Link>
            <p className="mt-1 flex flex-wrap items-center gap-2">
              <StatusBadge status={run.status} /> {run.model} · {run.startedBy} · {formatDateTime(run.createdAt)}
            </p>
          </li>
        ))}
      </ol>
      <CompareTable title="Parameters that differ" runs={runs} rows={comparison.parameters} format={show} empty="Every run had exactly the same execution input." />
      <CompareTable title="Code and images" runs={runs} rows={comparison.code} format={show} empty="No code recorded." />
      <CompareTable title="Durations" runs={runs} rows={comparison.durations} format={(ms) => formatDuration(ms)} empty="No durations yet." />
      <CompareTable title="Output files" runs={runs} rows={comparison.outputs} format={bytes} empty="None of these runs has outputs." />
      {comparison.csvDiffs.map((diff) =>
        diff.against.map((against) => (
          <section key={`${diff.file}-${against.runIndex}`} className="space-y-1 rounded-xl border border-slate-200 bg-white p-4">
            <DiffView title={`${diff.file}: ${runs[0]?.executionName ?? ""} → ${runs[against.runIndex]?.executionName ?? ""}`} lines={against.lines} />
            {against.partial && <p className="text-xs text-slate-600">Only the first 256 KB of each file are compared.</p>}
          </section>
        )),
      )}
    </div>
  );
}
