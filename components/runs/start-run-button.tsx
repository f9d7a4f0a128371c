"use client";

import { useRouter } from "next/navigation";
import { useAction } from "@/components/ui/use-action";
import { startRunAction } from "@/app/(app)/runs/actions";

/** Starts one run of a live deployment and opens its monitor. Usable from model and deployment pages too. */
export function StartRunButton({ deploymentId, label = "Run" }: { deploymentId: string; label?: string }) {
  const router = useRouter();
  const { run, pending } = useAction(startRunAction);
  async function start() {
    const result = await run({ deploymentId }, (data) => (data.status === "FAILED" ? `The run could not start: ${data.error ?? "see the run"}` : "Run started"));
    if (result.ok) router.push(`/runs/${result.data.runId}`);
  }
  return (
    <button type="button" onClick={() => void start()} disabled={pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
      {pending ? "Starting…" : label}
    </button>
  );
}
