"use client";

import { useEffect, useRef } from "react";
import { JsonView } from "@/components/ui/json-view";
import { StatusBadge } from "./status-badge";
import { StepLog } from "./step-log";
import { durationBetween, formatDuration, formatDateTime } from "@/components/ui/format";
import { stateData, useRunEvents } from "./events/use-run-events";
import type { StepView } from "./types";

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="break-all text-sm">{children}</dd>
    </div>
  );
}

/**
 * What the graph node of a step opens, as the Step Functions console's step details: the state's input and
 * output (from the execution history), its job, error and log. Focus moves to it so keyboard users land there.
 */
export function StepPanel({ runId, step, active, now, onClose }: { runId: string; step: StepView; active: boolean; now: number; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [step.name]);
  const events = useRunEvents(runId, { enabled: true, active });
  const data = stateData(events.data, step.name);
  const error = step.failureReason ?? [data.failure?.error, data.failure?.cause].filter(Boolean).join(": ");
  return (
    <section aria-label={`Step ${step.name}`} data-testid="step-panel" className="space-y-3 rounded-xl border-2 border-brand-600 bg-white p-4">
      <header className="flex flex-wrap items-center gap-3">
        <h2 ref={heading} tabIndex={-1} className="min-w-0 break-words text-lg font-semibold">
          {step.name}
        </h2>
        <StatusBadge status={step.status} />
        <button type="button" onClick={onClose} className="ml-auto rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50">
          Close
        </button>
      </header>
      {error && (
        <pre data-testid="step-panel-error" className="max-h-60 overflow-auto whitespace-pre-wrap rounded-md border border-red-200 bg-red-50 p-3 font-mono text-xs text-red-900">
          {error}
        </pre>
      )}
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Detail label="Job">{step.jobName ?? "not started"}</Detail>
        <Detail label="Duration">{formatDuration(durationBetween(step.startedAt, step.endedAt, now))}</Detail>
        <Detail label="Started">{formatDateTime(step.startedAt)}</Detail>
        {step.jobArn && <Detail label="Job ARN">{step.jobArn}</Detail>}
        <Detail label="Instance">{step.instanceType ?? "—"}</Detail>
        <Detail label="Image">{step.imageUri ?? "—"}</Detail>
      </dl>
      <div className="grid gap-3 lg:grid-cols-2">
        <div className="min-w-0 space-y-1">
          <h3 className="text-sm font-medium">Input</h3>
          {data.input !== undefined ? <JsonView label={`Input of ${step.name}`} value={data.input} /> : <p className="text-sm text-slate-500">{events.isPending ? "Reading the history…" : "Not entered yet."}</p>}
        </div>
        <div className="min-w-0 space-y-1">
          <h3 className="text-sm font-medium">Output</h3>
          {data.output !== undefined ? <JsonView label={`Output of ${step.name}`} value={data.output} /> : <p className="text-sm text-slate-500">{events.isPending ? "Reading the history…" : "No output yet."}</p>}
        </div>
      </div>
      {step.jobName && (
        <div className="space-y-1">
          <h3 className="text-sm font-medium">Log</h3>
          <StepLog runId={runId} step={step.name} running={step.status === "RUNNING"} />
        </div>
      )}
    </section>
  );
}
