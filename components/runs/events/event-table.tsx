"use client";

import { useState } from "react";
import type { EventRow } from "@/lib/runs/history-events";
import { JsonView } from "@/components/ui/json-view";
import { formatDuration } from "@/components/ui/format";
import { useRunEvents } from "./use-run-events";

const TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", fractionalSecondDigits: 3, timeZone: "UTC", hourCycle: "h23" });

const isFailure = (row: EventRow) => row.error !== undefined || /Failed|TimedOut|Aborted/.test(row.type);

/** The event's own data, as the console's expanded row shows it. */
function EventDetails({ row }: { row: EventRow }) {
  return (
    <div className="grid gap-3 p-3 lg:grid-cols-2">
      {(row.error || row.cause) && (
        <div className="lg:col-span-2">
          <p className="text-xs font-medium text-red-900">Error</p>
          <pre className="whitespace-pre-wrap rounded-md border border-red-200 bg-red-50 p-2 font-mono text-xs text-red-900">{[row.error, row.cause].filter(Boolean).join("\n")}</pre>
        </div>
      )}
      {row.input !== undefined && <JsonView label={`Input of event ${row.id}`} value={row.input} />}
      {row.output !== undefined && <JsonView label={`Output of event ${row.id}`} value={row.output} />}
      {row.parameters !== undefined && <JsonView label={`Parameters of event ${row.id}`} value={row.parameters} />}
    </div>
  );
}

function EventLine({ row }: { row: EventRow }) {
  const [open, setOpen] = useState(false);
  const hasDetails = row.input !== undefined || row.output !== undefined || row.parameters !== undefined || row.error !== undefined;
  return (
    <>
      <tr data-testid="event-row" data-type={row.type} className={isFailure(row) ? "bg-red-50 text-red-900" : undefined}>
        <td className="px-3 py-1.5 tabular-nums">{row.id}</td>
        <td className="px-3 py-1.5">
          {hasDetails ? (
            <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} className="text-left font-medium text-brand-700 hover:underline">
              {open ? "▾" : "▸"} {row.type}
            </button>
          ) : (
            row.type
          )}
        </td>
        <td className="max-w-56 truncate px-3 py-1.5" title={row.step ?? undefined}>
          {row.step ?? "—"}
        </td>
        <td className="px-3 py-1.5 font-mono text-xs">{row.resource ?? ""}</td>
        <td className="px-3 py-1.5 tabular-nums">{formatDuration(row.elapsedMs)}</td>
        <td className="whitespace-nowrap px-3 py-1.5 font-mono text-xs">{TIME.format(new Date(row.timestamp))}</td>
      </tr>
      {open && (
        <tr>
          <td colSpan={6} className="bg-slate-50">
            <EventDetails row={row} />
          </td>
        </tr>
      )}
    </>
  );
}

/** Every event of the execution, as in the Step Functions console: type, step, resource, elapsed, time; each expandable. */
export function EventTable({ runId, active }: { runId: string; active: boolean }) {
  const { data, isError, isPending } = useRunEvents(runId, { enabled: true, active });
  if (isPending) return <p className="text-sm text-slate-500">Reading the execution history…</p>;
  if (isError) return <p className="text-sm text-red-700">The execution history could not be read. It is retried on its own.</p>;
  if (!data.available) return <p className="text-sm text-slate-600">{data.reason}</p>;
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">
        {data.events.length} events{data.truncated ? " (the first ones only: the history is longer)" : ""}; failures in red. Open an event for its input, output or error.
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <table aria-label="Execution event history" className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th className="px-3 py-2 font-medium">ID</th>
              <th className="px-3 py-2 font-medium">Type</th>
              <th className="px-3 py-2 font-medium">Step</th>
              <th className="px-3 py-2 font-medium">Resource</th>
              <th className="px-3 py-2 font-medium">Elapsed</th>
              <th className="px-3 py-2 font-medium">Time (UTC)</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.events.map((row) => (
              <EventLine key={row.id} row={row} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
