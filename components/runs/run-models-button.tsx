"use client";

import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { useAction } from "@/components/ui/use-action";
import { startRunsForModelsAction } from "@/app/(app)/runs/actions";
import { useBulkStart } from "./use-bulk-start";

/**
 * "Run selected" for the models list: each selected model's live deployment is started through the queued
 * bulk start (paced and authorised by the worker), and each model's result is listed as it lands, a model
 * without a live deployment too.
 */
export function RunModelsButton({ models }: { models: readonly { id: string; slug: string }[] }) {
  const { run, pending } = useAction(startRunsForModelsAction);
  const [bulkStartId, setBulkStartId] = useState<string | null>(null);
  const [withoutLive, setWithoutLive] = useState<string[]>([]);
  const progress = useBulkStart(bulkStartId, (done) => toast[done.refused ? "warning" : "success"](`${done.started} of ${done.total} runs started${done.refused ? `; ${done.refused} refused` : ""}`));
  const slugOf = new Map(models.map((m) => [m.id, m.slug]));

  async function start() {
    const what = `Start a run of each of the ${models.length} selected models? Each runs its most recent live deployment with the code version and input that deployment approved; a model without one is listed, not started.`;
    if (!window.confirm(what)) return;
    const outcome = await run({ modelIds: models.map((m) => m.id) }, (queued) => `${queued.total} runs queued`);
    if (!outcome.ok) return;
    setWithoutLive(outcome.data.withoutLiveDeployment);
    setBulkStartId(outcome.data.bulkStartId);
  }

  const done = progress?.items.filter((i) => i.status !== "PENDING") ?? [];
  return (
    <>
      <button type="button" onClick={() => void start()} disabled={pending || (progress !== null && progress.pending > 0)} className="rounded-md bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
        {pending ? "Starting…" : "Run selected"}
      </button>
      {(done.length > 0 || withoutLive.length > 0) && (
        <ul className="basis-full space-y-0.5 text-xs" aria-label="Run results">
          {done.map((item) => (
            <li key={item.deploymentId}>
              <span className="font-mono">{item.model ?? item.deploymentId}</span>:{" "}
              {item.runId ? (
                <Link href={`/runs/${item.runId}`} className="text-brand-700 underline">
                  started
                </Link>
              ) : (
                <span className="text-red-800">{item.message ?? "refused"}</span>
              )}
            </li>
          ))}
          {withoutLive.map((modelId) => (
            <li key={modelId}>
              <span className="font-mono">{slugOf.get(modelId) ?? modelId}</span>: <span className="text-red-800">no live deployment to run</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
