"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/dialog";
import { useAction } from "@/components/ui/use-action";
import { redriveAction, rerunAction, stopRunAction } from "@/app/(app)/runs/actions";
import { StartWithChanges } from "./start-with-changes";

const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50";

/** What the run executes, named in the confirmations: its pipeline version and its code prefix. */
export type RunPinned = { pipeline: string; codeUri: string | null; model: string };

export function RunActions({ runId, active, failed, pinned }: { runId: string; active: boolean; failed: boolean; pinned: RunPinned }) {
  const router = useRouter();
  const queries = useQueryClient();
  const stop = useAction(stopRunAction);
  const again = useAction(rerunAction);
  const redrive = useAction(redriveAction);
  const refresh = () => void queries.invalidateQueries({ queryKey: ["run", runId] });
  return (
    <div className="flex flex-wrap gap-2">
      {active && (
        <ConfirmButton label="Stop" title="Stop this run?" confirmLabel="Stop the run" danger className={button} disabled={stop.pending} onConfirm={() => void stop.run({ runId }, "Stop requested").then(refresh)}>
          <p>Step Functions stops the execution and the running processing job is stopped too; steps not yet started never run. Outputs written so far stay.</p>
          <p>The run is shown as Stopped (not a failure). You can redrive it later from the step it stopped at.</p>
        </ConfirmButton>
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
      <StartWithChanges source={{ runId }} label="Re-run with changes…" />
      {failed && (
        <ConfirmButton label="Redrive from the failed step" title="Redrive this run?" confirmLabel="Redrive" className={button} disabled={redrive.pending} onConfirm={() => void redrive.run({ runId }, "Redrive started from the failed step").then(refresh)}>
          <p>
            The same execution continues from the step that failed or stopped; steps that succeeded are not run again. It reruns the same pinned code: {pinned.pipeline}
            {pinned.codeUri ? <> with the code in <span className="break-all font-mono">{pinned.codeUri}</span></> : null}, exactly as approved.
          </p>
          <p>To run newer code, upload it to {pinned.model}, have its new deployment approved, and start a new run from the model&apos;s page.</p>
        </ConfirmButton>
      )}
    </div>
  );
}
