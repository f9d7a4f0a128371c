import type { HealthReport } from "@/lib/health/checks";

function Status({ ok }: { ok: boolean }) {
  return <span className={`inline-block h-2.5 w-2.5 rounded-full ${ok ? "bg-emerald-500" : "bg-red-500"}`} role="img" aria-label={ok ? "healthy" : "failing"} />;
}

function Card({ ok, title, children }: { ok: boolean; title: string; children: React.ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4">
      <div className="flex items-center gap-2 font-medium">
        <Status ok={ok} /> {title}
      </div>
      <p className="mt-1 break-all text-sm text-slate-600">{children}</p>
    </div>
  );
}

/** Readiness as /api/health/ready reports it: each dependency, the workers' last beat and the queue. */
export function HealthPanel({ report }: { report: HealthReport }) {
  const beat = report.workers;
  const workersOk = beat !== null && beat.lastBeatSecondsAgo !== null && beat.lastBeatSecondsAgo <= beat.staleAfterSeconds;
  return (
    <section aria-label="Health" className="space-y-3">
      {report.reasons.length > 0 && (
        <ul role="alert" className="list-disc rounded-xl bg-red-50 py-2 pl-8 pr-4 text-sm text-red-800">
          {report.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Card ok={report.database.ok} title="PostgreSQL">
          {report.database.ok ? `answers in ${report.database.latencyMs} ms` : report.database.error}
        </Card>
        <Card ok={report.aws.ok} title={`AWS (${report.mode === "embedded" ? "embedded engine" : report.aws.region})`}>
          {report.aws.endpoint} — {report.aws.ok ? `answers in ${report.aws.latencyMs} ms` : report.aws.error}
        </Card>
        <Card ok={workersOk} title="Workers">
          {beat?.lastBeatSecondsAgo == null ? "no worker is running" : `last beat ${beat.lastBeatSecondsAgo} s ago`}
        </Card>
        <Card ok={!report.reasons.some((r) => r.includes("queue"))} title="Job queue">
          {report.queue ? `${report.queue.waiting} waiting, ${report.queue.active} running, ${report.queue.failed} failed today` : "unknown"}
        </Card>
      </div>
    </section>
  );
}
