"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { PipelineSpec } from "@/lib/pipelines/spec";
import { isActive, isRedrivable } from "@/lib/runs/status";
import { RunActions } from "./run-actions";
import { RunBanner } from "./run-banner";
import { RunGraph } from "./run-graph";
import { StatusBadge } from "./status-badge";
import { StepCard } from "./step-card";
import { StepTimeline } from "./step-timeline";
import { OutputBrowser } from "./output-browser";
import { durationBetween, formatDuration, formatDateTime } from "@/components/ui/format";
import type { RunView } from "./types";

/** A fallback only: changes arrive by the tab's event stream (use-run-events.ts), which invalidates ["run", id]. */
const POLL_MS = 30_000;

async function fetchRun(id: string): Promise<RunView> {
  const response = await fetch(`/api/runs/${id}`);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as RunView;
}

/** The run, live: refetched when its event arrives, polled every 30 s as a fallback while active. */
/** `spec` is parsed on the server (it never changes for a run); the poll brings status and steps. */
export function RunMonitor({ initial, spec, canStart }: { initial: RunView; spec: PipelineSpec | null; canStart: boolean }) {
  const { data: run, isError } = useQuery({
    queryKey: ["run", initial.id],
    queryFn: () => fetchRun(initial.id),
    initialData: initial,
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
        {canStart && <RunActions runId={run.id} active={active} failed={isRedrivable(run.status)} />}
      </header>
      <RunBanner run={run} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        {spec ? <RunGraph spec={spec} statuses={run.steps.map((s) => s.status)} /> : <p className="text-sm text-slate-500">No graph for a raw-ASL pipeline.</p>}
        <section className="rounded-xl border border-slate-200 bg-white p-4">
          <h2 className="mb-3 font-medium">Timeline</h2>
          <StepTimeline steps={run.steps} runStart={run.startedAt} now={now} />
        </section>
      </div>
      <section className="space-y-3">
        <h2 className="font-medium">Steps</h2>
        {run.steps.map((step) => {
          const key = keyOf(step.name);
          return <StepCard key={step.id} runId={run.id} step={step} parameters={key ? inputSteps[key] : undefined} now={now} />;
        })}
      </section>
      <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
        <h2 className="font-medium">Outputs</h2>
        <OutputBrowser runId={run.id} progress={`${run.status}:${run.steps.map((s) => s.status).join(",")}`} />
      </section>
    </div>
  );
}
