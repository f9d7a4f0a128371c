import Link from "next/link";
import type { RunView } from "./types";

const TONE = {
  failed: "border-red-200 bg-red-50 text-red-900",
  caught: "border-amber-300 bg-amber-50 text-amber-950",
  stopped: "border-slate-300 bg-slate-50 text-slate-800",
} as const;

function GroupLink({ group }: { group: string | null }) {
  if (!group) return null;
  return (
    <p className="mt-1 text-xs">
      Failure group:{" "}
      <Link className="underline" href={`/runs?${new URLSearchParams({ failureGroup: group })}`}>
        {group}
      </Link>
    </p>
  );
}

/** How the run ended, in words, when that is not a plain success: failed, succeeded with failed steps, or stopped. */
export function RunBanner({ run }: { run: Pick<RunView, "status" | "error" | "cause" | "failureGroup" | "steps"> }) {
  if (run.status === "SUCCEEDED_WITH_FAILED_STEPS") {
    const failed = run.steps.filter((s) => s.status === "FAILED").map((s) => s.name);
    return (
      <section role="status" className={`rounded-xl border p-4 text-sm ${TONE.caught}`} data-testid="run-banner" data-outcome={run.status}>
        <p className="font-medium">Succeeded with failed steps: {failed.join(", ")} failed.</p>
        <p className="mt-1">Their errors were recorded and the pipeline went on (the steps are set to “Record the error and go on”). Outputs of the failed steps may be missing.</p>
        <GroupLink group={run.failureGroup} />
      </section>
    );
  }
  if (run.status === "ABORTED") {
    return (
      <section role="status" className={`rounded-xl border p-4 text-sm ${TONE.stopped}`} data-testid="run-banner" data-outcome={run.status}>
        <p className="font-medium">Stopped{run.cause ? `: ${run.cause}` : ""}.</p>
      </section>
    );
  }
  if (!run.error) return null;
  return (
    <section role="status" className={`rounded-xl border p-4 text-sm ${TONE.failed}`} data-testid="run-error" data-outcome={run.status}>
      <p className="font-medium">{run.error}</p>
      <GroupLink group={run.failureGroup} />
    </section>
  );
}
