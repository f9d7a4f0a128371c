import { z } from "zod";
import type { Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { Artifacts, artifactChanges, artifactsOf, fingerprintOf } from "./artifacts";
import { loadContext } from "./context";

/** Parity evidence as stored in the deployment's `parity` column (see parity/run.ts). */
export const ParityRecord = z.object({
  status: z.enum(["RUNNING", "PASS", "FAIL", "ERROR"]),
  /** The artifacts fingerprint the evidence was produced for: evidence for other artifacts proves nothing. */
  fingerprint: z.string(),
  tolerance: z.number(),
  goldenInputUri: z.string(),
  legacyOutputUri: z.string(),
  executionArn: z.string().nullable().default(null),
  startedAt: z.string(),
  finishedAt: z.string().nullable().default(null),
  error: z.string().nullable().default(null),
  comparison: z.unknown().optional(),
  requestedBy: z.string(),
});
export type ParityRecord = z.infer<typeof ParityRecord>;

export type ApprovalState = { holds: boolean; changes: string[]; current: Artifacts; currentFingerprint: string };

/**
 * Whether the artifacts a request bound are still what the catalog has: recomputed with the request's own
 * parameters, so only a change to an image, a script, the code or the pipeline can break it.
 */
export async function currentApproval(tx: Tx, deploymentId: string): Promise<ApprovalState> {
  const d = await tx.deployment.findUnique({
    where: { id: deploymentId },
    select: { modelId: true, pipelineVersionId: true, environmentId: true, artifacts: true, artifactFingerprint: true },
  });
  if (!d) throw new AppError("NOT_FOUND", "That deployment request does not exist.");
  const stored = Artifacts.parse(d.artifacts);
  const ctx = await loadContext(tx, d);
  const current = await artifactsOf(tx, ctx, stored.parameters);
  const currentFingerprint = fingerprintOf(current);
  const holds = currentFingerprint === d.artifactFingerprint;
  return { holds, changes: holds ? [] : artifactChanges(stored, current), current, currentFingerprint };
}
