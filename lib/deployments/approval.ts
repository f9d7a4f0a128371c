import { z } from "zod";
import type { Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { ModelBinding } from "@/lib/pipelines/input";
import { Artifacts, artifactChanges, artifactsOf, fingerprintOf, type ArtifactChange } from "./artifacts";
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

/** What an admin approving despite the evidence said, stored on the deployment and in the audit event. */
export const ParityOverride = z.object({ reason: z.string(), by: z.string(), at: z.string(), status: z.string(), summary: z.string() });
export type ParityOverride = z.infer<typeof ParityOverride>;

function summaryOf(comparison: unknown): string | null {
  const summary = typeof comparison === "object" && comparison !== null ? (comparison as { summary?: unknown }).summary : null;
  return typeof summary === "string" ? summary : null;
}

/**
 * Why the attached parity evidence stands against approving, in words, or null when there is none or it passed.
 * A FAIL, an ERROR and a run still going all count: approving then needs an explicit override with a reason.
 */
export function parityConcern(parity: unknown): string | null {
  const record = ParityRecord.safeParse(parity);
  if (!record.success) return null;
  const { status, comparison, error } = record.data;
  if (status === "FAIL") return `Parity FAIL: ${summaryOf(comparison) ?? error ?? "the outputs differ"}`;
  if (status === "ERROR") return `Parity could not finish: ${error ?? "unknown error"}`;
  if (status === "RUNNING") return "Parity is still running: its verdict is not known yet";
  return null;
}

export type ApprovalState = {
  holds: boolean;
  /** What changed, in words, and which artifacts (keys as in artifactChanges) the page marks. */
  changes: string[];
  changedKeys: string[];
  approved: Artifacts | null;
  current: Artifacts;
  currentFingerprint: string;
};

const LEGACY: ArtifactChange = { key: "schema", text: "it was approved before Ferry bound build contexts, interpreters and the state machine definition" };
const TAMPERED: ArtifactChange = { key: "fingerprint", text: "the stored fingerprint does not match the approved artifacts" };

/**
 * Whether the artifacts a request bound are still what the catalog has: recomputed with the request's own
 * parameters, so only a change to an image, a script, the code or the pipeline can break it. Fails closed: an
 * approval whose stored artifacts cannot be read, or do not hash to the stored fingerprint, does not hold.
 */
export async function currentApproval(tx: Tx, deploymentId: string): Promise<ApprovalState> {
  const d = await tx.deployment.findUnique({
    where: { id: deploymentId },
    select: { modelId: true, pipelineVersionId: true, environmentId: true, parameters: true, artifacts: true, artifactFingerprint: true },
  });
  if (!d) throw new AppError("NOT_FOUND", "That deployment request does not exist.");
  const stored = Artifacts.safeParse(d.artifacts);
  const parameters = stored.success ? stored.data.parameters : ModelBinding.safeParse(d.parameters).data;
  if (!parameters) throw new AppError("CONFLICT", "This deployment's parameters are unreadable; request it again.");
  const ctx = await loadContext(tx, d);
  const current = await artifactsOf(tx, ctx, parameters);
  const currentFingerprint = fingerprintOf(current);
  const intact = stored.success && fingerprintOf(stored.data) === d.artifactFingerprint;
  const holds = intact && currentFingerprint === d.artifactFingerprint;
  const found = !stored.success ? [LEGACY] : !intact ? [TAMPERED] : holds ? [] : artifactChanges(stored.data, current);
  return { holds, changes: found.map((c) => c.text), changedKeys: found.map((c) => c.key), approved: stored.success ? stored.data : null, current, currentFingerprint };
}

/**
 * Runs start only while the approval holds for what the catalog has now: an image, script, code or definition
 * changed since the approval means the next run would not be what an admin approved.
 */
export async function requireApprovalHolds(tx: Tx, deploymentId: string): Promise<void> {
  const approval = await currentApproval(tx, deploymentId);
  if (approval.holds) return;
  throw new AppError("CONFLICT", `This deployment's approval no longer holds: ${approval.changes.join("; ")}. Request the deployment again and have it approved before running it.`);
}
