import type { WorkerRow } from "@/lib/health/workers";

const STATE = {
  beating: { label: "beating", tone: "bg-emerald-50 text-emerald-800" },
  silent: { label: "silent", tone: "bg-red-50 text-red-800" },
  stopped: { label: "stopped", tone: "bg-slate-100 text-slate-700" },
} as const;

const time = (date: Date | null) => (date ? date.toISOString().replace("T", " ").slice(0, 19) : "—");

/** One row per worker process: who, since when, its last beat, what it did, and its last error. */
export function WorkerTable({ workers }: { workers: WorkerRow[] }) {
  if (workers.length === 0) {
    return <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">No worker has ever beaten. `npm start` runs one; elsewhere run `tsx scripts/worker.ts` with the app&apos;s settings.</p>;
  }
  return (
    <table aria-label="Workers" className="w-full rounded-xl border border-slate-200 bg-white text-left text-sm">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="px-3 py-2">Worker</th>
          <th>State</th>
          <th>Started</th>
          <th>Last beat</th>
          <th className="text-right">Runs synced</th>
          <th className="text-right">Jobs done / failed</th>
          <th className="text-right">Queue</th>
          <th className="px-3">Last error</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {workers.map((w) => (
          <tr key={w.id} className="align-top">
            <td className="px-3 py-2 font-mono text-xs">
              {w.host} · pid {w.pid}
            </td>
            <td>
              <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATE[w.state].tone}`}>{STATE[w.state].label}</span>
            </td>
            <td className="text-xs">{time(w.startedAt)}</td>
            <td className="text-xs">
              {time(w.lastBeatAt)} ({w.ageSeconds} s ago)
            </td>
            <td className="text-right">{w.runsSynced}</td>
            <td className="text-right">
              {w.jobsDone} / {w.jobsFailed}
            </td>
            <td className="text-right">{w.queueDepth}</td>
            <td className="max-w-md px-3 text-xs text-red-800">{w.lastError ? `${time(w.lastErrorAt)}: ${w.lastError}` : <span className="text-slate-400">none</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
