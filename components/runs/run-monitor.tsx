"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { PipelineSpec } from "@/lib/pipelines/spec";
import type { InputChange } from "@/lib/runs/edited-input";
import { isActive, isRedrivable } from "@/lib/runs/status";
import { RunActions } from "./run-actions";
import { RunBanner } from "./run-banner";
import { RunGraph } from "./run-graph";
import { StatusBadge } from "./status-badge";
import { StepCard } from "./step-card";
import { StepTimeline } from "./step-timeline";
import { OutputBrowser } from "./output-browser";
import { StepPanel } from "./step-panel";
import { EventTable } from "./events/event-table";
import { durationBetween, formatDuration, formatDateTime } from "@/components/ui/format";
import type { RunView } from "./types";

/** A fallback only: changes arrive by the tab's event stream (use-run-events.ts), which invalidates ["run", id]. */
const POLL_MS = 30_000;

async function fetchRun(id: string): Promise<RunView> {
  const response = await fetch(`/api/runs/${id}`);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as RunView;
}

type Props = { initial: RunView; spec: PipelineSpec | null; canStart: boolean; initialStep?: string; edits: InputChange[] };

/**
 * The run, live: refetched when its event arrives, polled every 30 s as a fallback while active. `spec` is parsed
 * on the server (it never changes for a run); the poll brings status and steps. `initialStep` (a step's name,
 * from the grid view's links) opens that step's panel.
 */
export function RunMonitor({ initial, spec, canStart, initialStep, edits }: Props) {
  const { data: run, isError } = useQuery({
    queryKey: ["run", initial.id],
    queryFn: () => fetchRun(initial.id),
    initialData: initial,
    // A change that landed between the server's read and this query's mount had no query to invalidate yet.
    refetchOnMount: "always",
    refetchInterval: (query) => (query.state.data && isActive(query.state.data.status) ? POLL_MS : false),
  });
  const active = isActive(run.status);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  const inputSteps = (run.input as { Steps?: Record<string, unknown> } | null)?.Steps ?? {};
  const keyOf = (name: string) => spec?.steps.find((s) => s.name === name)?.key;
  const [selected, setSelected] = useState<number | null>(() => {
    const position = initial.steps.findIndex((s) => s.name === initialStep);
    return position >= 0 ? position : null;
  });
  const selectedStep = selected === null ? undefined : run.steps[selected];

  return (
    <div className="max-w-6xl space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <p className="text-sm text-slate-500">
            <Link href="/runs" className="hover:underline">
              Runs
            </Link>{" "}
            / {run.model.displayName}
          </p>
          <h1 className="flex flex-wrap items-center gap-x-3 gap-y-1 break-all font-mono text-xl font-semibold">
            {run.executionName} <StatusBadge status={run.status} />
          </h1>
          <p className="text-sm text-slate-600">
            {run.pipelineVersion.pipeline.name} v{run.pipelineVersion.version} in {run.environment.name} · started by {run.startedBy.name} · {formatDateTime(run.startedAt ?? run.createdAt)} ·{" "}
            {formatDuration(durationBetween(run.startedAt, run.stoppedAt, now))}
            {run.redriveCount > 0 && ` · redriven ×${run.redriveCount}`}
          </p>
          {run.executionArn && <p className="break-all font-mono text-xs text-slate-500">{run.executionArn}</p>}
          {isError && <p className="text-sm text-amber-700">Live updates paused: the server did not answer. They resume on their own.</p>}
        </div>
        {canStart && (
          <RunActions
            runId={run.id}
            active={active}
            failed={isRedrivable(run.status)}
            pinned={{ pipeline: `${run.pipelineVersion.pipeline.name} v${run.pipelineVersion.version}`, codeUri: (run.input as { CodeUri?: string } | null)?.CodeUri ?? null, model: run.model.displayName }}
          />
        )}
      </header>
      <RunBanner run={run} />
      {edits.length > 0 && <InputEdits edits={edits} />}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        {spec ? <RunGraph spec={spec} statuses={run.steps.map((s) => s.status)} selected={selected} onOpen={setSelected} /> : <p className="text-sm text-slate-500">No graph for a raw-ASL pipeline.</p>}
        <section className="rounded-xl border border-slate-200 bg-white p-4">
          <h2 className="mb-3 font-medium">Timeline</h2>
          <StepTimeline steps={run.steps} runStart={run.startedAt} now={now} />
        </section>
      </div>
      {selectedStep && <StepPanel runId={run.id} step={selectedStep} active={active} now={now} onClose={() => setSelected(null)} />}
      <section className="space-y-3">
        <h2 className="font-medium">Steps</h2>
        {run.steps.map((step) => {
          const key = keyOf(step.name);
          return <StepCard key={step.id} runId={run.id} step={step} parameters={key ? inputSteps[key] : undefined} now={now} />;
        })}
      </section>
      <EventHistory runId={run.id} active={active} />
      <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
        <h2 className="font-medium">Outputs</h2>
        <OutputBrowser runId={run.id} progress={`${run.status}:${run.steps.map((s) => s.status).join(",")}`} />
      </section>
    </div>
  );
}

/** The execution's events, read from Step Functions only once opened (the page itself adds no AWS calls). */
function EventHistory({ runId, active }: { runId: string; active: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="rounded-xl border border-slate-200 bg-white p-4" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer font-medium">Event history</summary>
      <div className="mt-3">{open && <EventTable runId={runId} active={active} />}</div>
    </details>
  );
}

/** A run started with changes says so, with each changed value (the audit trail holds the same). */
function InputEdits({ edits }: { edits: InputChange[] }) {
  return (
    <section aria-label="Edited input" data-testid="input-edits" className="rounded-xl border border-sky-200 bg-sky-50 p-4 text-sm text-sky-950">
      <p className="font-medium">Started with edited input (within what its approval allows):</p>
      <ul className="mt-1 space-y-0.5 font-mono text-xs">
        {edits.map((e) => (
          <li key={e.path} className="break-all">
            {e.path}: {JSON.stringify(e.from)} → {JSON.stringify(e.to)}
          </li>
        ))}
      </ul>
    </section>
  );
}
