import { StatusBadge } from "./status-badge";
import { StepLog } from "./step-log";
import { durationBetween, formatDuration, formatDateTime } from "@/components/ui/format";
import type { StepView } from "./types";

type Channel = { name?: string; uri?: string; localPath?: string };

function Channels({ label, value }: { label: string; value: unknown }) {
  const channels = Array.isArray(value) ? (value as Channel[]) : [];
  if (channels.length === 0) return null;
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd>
        <ul className="space-y-0.5 font-mono text-xs">
          {channels.map((c) => (
            <li key={`${c.name}-${c.uri}`} className="break-all">
              {c.name}: {c.uri} → {c.localPath}
            </li>
          ))}
        </ul>
      </dd>
    </div>
  );
}

/** One step: its job, status, times, instance, inputs/outputs, parameters, failure reason and log. */
export function StepCard({ runId, step, parameters, now }: { runId: string; step: StepView; parameters: unknown; now: number }) {
  const running = step.status === "RUNNING";
  return (
    <article data-testid="step-card" data-step={step.name} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <header className="flex flex-wrap items-center gap-3">
        <h3 className="min-w-0 break-words font-medium">{step.name}</h3>
        <StatusBadge status={step.status} />
        {step.attempts > 1 && <span className="text-xs text-slate-500">{step.attempts} attempts</span>}
        <span className="ml-auto text-xs text-slate-500">{formatDuration(durationBetween(step.startedAt, step.endedAt, now))}</span>
      </header>
      {step.failureReason && (
        <pre data-testid="failure-reason" className="max-h-60 overflow-auto whitespace-pre-wrap rounded-md border border-red-200 bg-red-50 p-3 font-mono text-xs text-red-900">
          {step.failureReason}
        </pre>
      )}
      <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2 [&>div]:min-w-0">
        <div>
          <dt className="text-xs uppercase tracking-wide text-slate-500">Job</dt>
          <dd className="break-all font-mono text-xs">{step.jobName ?? "not started"}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase tracking-wide text-slate-500">Instance</dt>
          <dd>{step.instanceType ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-xs uppercase tracking-wide text-slate-500">Started / ended</dt>
          <dd className="text-xs">
            {formatDateTime(step.startedAt)} / {formatDateTime(step.endedAt)}
          </dd>
        </div>
        <div>
          <dt className="text-xs uppercase tracking-wide text-slate-500">Image</dt>
          <dd className="break-all font-mono text-xs">{step.imageUri ?? "—"}</dd>
        </div>
        <Channels label="Inputs" value={step.inputs} />
        <Channels label="Outputs" value={step.outputs} />
        {parameters !== undefined && (
          <div className="sm:col-span-2">
            <dt className="text-xs uppercase tracking-wide text-slate-500">Parameters</dt>
            <dd>
              <pre tabIndex={0} aria-label={`Parameters of ${step.name}`} className="overflow-x-auto font-mono text-xs">{JSON.stringify(parameters, null, 2)}</pre>
            </dd>
          </div>
        )}
      </dl>
      {step.jobName && (
        <details open={running || step.status === "FAILED"}>
          <summary className="cursor-pointer text-sm text-brand-700">Log {running ? "(live)" : ""}</summary>
          <StepLog runId={runId} step={step.name} running={running} />
        </details>
      )}
    </article>
  );
}
