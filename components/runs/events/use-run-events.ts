"use client";

import { useQuery } from "@tanstack/react-query";
import type { RunEvents } from "@/lib/runs/history-events";

const POLL_MS = 5000;

async function fetchEvents(runId: string): Promise<RunEvents> {
  const response = await fetch(`/api/runs/${runId}/events`);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as RunEvents;
}

/**
 * The run's event history, read from Step Functions only once someone opens it (the event table or a step's
 * panel), and again every 5 s while the run is active; one query shared by every view of the page.
 */
export function useRunEvents(runId: string, { enabled, active }: { enabled: boolean; active: boolean }) {
  return useQuery({ queryKey: ["run-events", runId], queryFn: () => fetchEvents(runId), enabled, refetchInterval: active ? POLL_MS : false });
}

/** What a state received and returned: its last entry and exit in the history (a retried state enters once). */
export function stateData(events: RunEvents | undefined, state: string) {
  const rows = events?.available ? events.events.filter((e) => e.step === state) : [];
  const entered = rows.findLast((e) => e.type.endsWith("StateEntered"));
  const exited = rows.findLast((e) => e.type.endsWith("StateExited"));
  const failed = rows.findLast((e) => e.error !== undefined);
  return { input: entered?.input, output: exited?.output, failure: failed ? { error: failed.error, cause: failed.cause } : null };
}
