"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useAction } from "@/components/ui/use-action";
import { redriveAction, rerunAction, stopRunAction } from "@/app/(app)/runs/actions";

const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50";

export function RunActions({ runId, active, failed }: { runId: string; active: boolean; failed: boolean }) {
  const router = useRouter();
  const queries = useQueryClient();
  const stop = useAction(stopRunAction);
  const again = useAction(rerunAction);
  const redrive = useAction(redriveAction);
  const refresh = () => void queries.invalidateQueries({ queryKey: ["run", runId] });
  return (
    <div className="flex flex-wrap gap-2">
      {active && (
        <button type="button" className={button} disabled={stop.pending} onClick={() => void stop.run({ runId }, "Stop requested").then(refresh)}>
          Stop
        </button>
      )}
      <button
        type="button"
        className={button}
        disabled={again.pending}
        onClick={() =>
          void again.run({ runId }, "Re-run started").then((result) => {
            if (result.ok) router.push(`/runs/${result.data.runId}`);
          })
        }
      >
        Re-run with the same input
      </button>
      {failed && (
        <button type="button" className={button} disabled={redrive.pending} onClick={() => void redrive.run({ runId }, "Redrive started from the failed step").then(refresh)}>
          Redrive from the failed step
        </button>
      )}
    </div>
  );
}
