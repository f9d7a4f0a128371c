import { STATUS_STYLE } from "./status-badge";
import { durationBetween, formatDuration } from "@/components/ui/format";
import type { StepView } from "./types";

/** Each step as a bar on the run's time axis; a running step grows until now. */
export function StepTimeline({ steps, runStart, now }: { steps: StepView[]; runStart: string | null; now: number }) {
  const start = runStart ? new Date(runStart).getTime() : null;
  const ends = steps.map((s) => (s.endedAt ? new Date(s.endedAt).getTime() : s.startedAt ? now : 0));
  const end = Math.max(now, ...ends);
  const span = start ? Math.max(end - start, 1) : 1;
  return (
    <ol className="space-y-2" aria-label="Step timeline">
      {steps.map((step) => {
        const from = step.startedAt && start ? ((new Date(step.startedAt).getTime() - start) / span) * 100 : 0;
        const width = step.startedAt && start ? Math.max(((durationBetween(step.startedAt, step.endedAt, now) ?? 0) / span) * 100, 1) : 0;
        return (
          <li key={step.id} className="grid grid-cols-[6rem_1fr_4.5rem] items-center gap-3 text-sm sm:grid-cols-[10rem_1fr_6rem]">
            <span className="truncate">{step.name}</span>
            <span className="relative h-3 rounded bg-slate-100">
              {width > 0 && <span className={`absolute h-3 rounded ${STATUS_STYLE[step.status].bar}`} style={{ left: `${from}%`, width: `${Math.min(width, 100 - from)}%` }} />}
            </span>
            <span className="text-right text-xs text-slate-600">{formatDuration(durationBetween(step.startedAt, step.endedAt, now))}</span>
          </li>
        );
      })}
    </ol>
  );
}
