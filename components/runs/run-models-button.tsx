"use client";

import Link from "next/link";
import { useState } from "react";
import { useAction } from "@/components/ui/use-action";
import { startRunsForModelsAction } from "@/app/(app)/runs/actions";
import type { BulkStartResult } from "@/lib/runs/operations";

type Result = BulkStartResult & { modelId: string };

/**
 * "Run selected" for the models list: each selected model's live deployment is started (the server's bulk
 * start, paced and authorised there); each model's result is listed, a model without a live deployment too.
 */
export function RunModelsButton({ models }: { models: readonly { id: string; slug: string }[] }) {
  const { run, pending } = useAction(startRunsForModelsAction);
  const [results, setResults] = useState<Result[]>([]);
  const slugOf = new Map(models.map((m) => [m.id, m.slug]));

  async function start() {
    const what = `Start a run of each of the ${models.length} selected models? Each runs its most recent live deployment with the code version and input that deployment approved; a model without one is listed, not started.`;
    if (!window.confirm(what)) return;
    const outcome = await run({ modelIds: models.map((m) => m.id) }, (all) => `${all.filter((r) => r.ok).length} of ${all.length} runs started`);
    setResults(outcome.ok ? outcome.data : []);
  }

  return (
    <>
      <button type="button" onClick={() => void start()} disabled={pending} className="rounded-md bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
        {pending ? "Starting…" : "Run selected"}
      </button>
      {results.length > 0 && (
        <ul className="basis-full space-y-0.5 text-xs" aria-label="Run results">
          {results.map((r) => (
            <li key={r.modelId}>
              <span className="font-mono">{slugOf.get(r.modelId) ?? r.modelId}</span>:{" "}
              {r.ok && r.runId ? (
                <Link href={`/runs/${r.runId}`} className="text-brand-700 underline">
                  started
                </Link>
              ) : (
                <span className="text-red-800">{r.message ?? "refused"}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
