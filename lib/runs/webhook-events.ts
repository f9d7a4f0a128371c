import type { Tx } from "@/lib/commands/command";
import { emitEvent, link } from "@/lib/webhooks/events";
import { FAILURE_STATUSES } from "./status";

/**
 * A run that has just ended, read in the transaction that ended it: run.finished, and run.failed too when it
 * failed or timed out. Call it only where the status change is written (exactly once per run).
 */
export async function emitRunEnded(tx: Tx, runId: string): Promise<void> {
  const run = await tx.run.findUnique({
    where: { id: runId },
    select: { id: true, status: true, executionName: true, deploymentId: true, error: true, model: { select: { slug: true } }, environment: { select: { name: true } }, startedBy: { select: { email: true } } },
  });
  if (!run || run.status === "PENDING" || run.status === "RUNNING") return;
  const data = {
    runId: run.id,
    executionName: run.executionName,
    status: run.status,
    error: run.error,
    model: run.model.slug,
    deploymentId: run.deploymentId,
    environment: run.environment.name,
    startedBy: run.startedBy.email,
    url: link(`/runs/${run.id}`),
  };
  await emitEvent(tx, "run.finished", data);
  if ((FAILURE_STATUSES as readonly string[]).includes(run.status)) await emitEvent(tx, "run.failed", data);
}
