import type { healthReport } from "@/lib/health/checks";

type Report = Awaited<ReturnType<typeof healthReport>>;

function Status({ ok }: { ok: boolean }) {
  return <span className={`inline-block h-2.5 w-2.5 rounded-full ${ok ? "bg-emerald-500" : "bg-red-500"}`} role="img" aria-label={ok ? "healthy" : "failing"} />;
}

export function HealthPanel({ report }: { report: Report }) {
  return (
    <section aria-label="Health" className="grid gap-3 sm:grid-cols-2">
      <div className="rounded-xl border border-slate-200 bg-white p-4">
        <div className="flex items-center gap-2 font-medium">
          <Status ok={report.database.ok} /> PostgreSQL
        </div>
        <p className="mt-1 text-sm text-slate-600">{report.database.ok ? `answers in ${report.database.latencyMs} ms` : report.database.error}</p>
      </div>
      <div className="rounded-xl border border-slate-200 bg-white p-4">
        <div className="flex items-center gap-2 font-medium">
          <Status ok={report.aws.ok} /> AWS ({report.mode === "embedded" ? "embedded engine" : report.aws.region})
        </div>
        <p className="mt-1 break-all text-sm text-slate-600">
          {report.aws.endpoint} — {report.aws.ok ? `answers in ${report.aws.latencyMs} ms` : report.aws.error}
        </p>
      </div>
    </section>
  );
}
