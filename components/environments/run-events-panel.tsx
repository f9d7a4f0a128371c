"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import type { CheckItem } from "@/lib/environments/check";
import { checkRunEventsAction, setUpRunEventsAction } from "@/app/(app)/admin/environments/actions";
import { useAction } from "@/components/ui/use-action";

/**
 * Run status events for one environment: whether its EventBridge rule and SQS queue are in place (runs are then
 * synced as their events arrive, polled only as a safety net), a button that creates or corrects them, and a
 * dry-run check of the rule, the queue and its policy.
 */
export function RunEventsPanel({ environmentId, environmentName, queueUrl }: { environmentId: string; environmentName: string; queueUrl: string | null }) {
  const [items, setItems] = useState<CheckItem[] | null>(null);
  const [checking, startChecking] = useTransition();
  const setUp = useAction(setUpRunEventsAction);

  function runCheck() {
    startChecking(async () => {
      const result = await checkRunEventsAction({ environmentId });
      if (result.ok) setItems(result.data);
      else toast.error(result.error);
    });
  }

  return (
    <section aria-label={`Run events of ${environmentName}`} className="space-y-2 rounded-md border border-slate-200 p-3 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p>
          <span className="font-medium">Run status events</span>{" "}
          {queueUrl ? <span className="break-all font-mono text-xs">{queueUrl}</span> : <span className="text-slate-600">not set up: runs are polled</span>}
        </p>
        <div className="flex gap-2">
          <button type="button" onClick={() => void setUp.run({ environmentId }, "Run events are set up")} disabled={setUp.pending} className="rounded-md border border-slate-300 px-3 py-1.5 disabled:opacity-60">
            {setUp.pending ? "Setting up…" : queueUrl ? "Repair run events" : "Set up run events"}
          </button>
          <button type="button" onClick={runCheck} disabled={checking} className="rounded-md border border-slate-300 px-3 py-1.5 disabled:opacity-60">
            {checking ? "Checking…" : "Check run events"}
          </button>
        </div>
      </div>
      {items && (
        <ul aria-label={`Run events check of ${environmentName}`} className="space-y-1 rounded-md bg-slate-50 p-2">
          {items.map((item) => (
            <li key={item.name}>
              <span className={item.ok ? "text-emerald-700" : "text-red-700"}>{item.ok ? "✓" : "✗"}</span> <span className="font-medium">{item.name}</span>: {item.detail}
              {item.fix && <span className="block pl-5 text-slate-600">What to do: {item.fix}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
