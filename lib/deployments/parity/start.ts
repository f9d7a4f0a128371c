import { defineCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { asJson } from "@/lib/db/json";
import { enqueue } from "@/lib/jobs/enqueue";
import { can } from "@/lib/auth/permissions";
import { currentApproval, ParityRecord } from "../approval";
import { ParityInput } from "./fields";

/** Where one parity run's files live in the environment's bucket; a new attempt never overwrites an older one. */
export function parityLocations(bucket: string, deploymentId: string, attempt: string, legacyName: string) {
  const base = `s3://${bucket}/ferry/parity/${deploymentId}/${attempt}/`;
  return { goldenInputUri: `${base}input/`, legacyOutputUri: `${base}legacy/${legacyName}`, outputUri: `${base}output/` };
}

/**
 * The intent of a parity run, recorded (RUNNING) with the job that carries it out (./run.ts), in one
 * transaction, before anything is uploaded or started. The files travel in the job until the job has put them
 * in the environment's bucket.
 */
export const startParity = defineCommand({
  name: "deployments.parity_start",
  permission: "deployments:request",
  input: ParityInput,
  run: async ({ tx, input, actor }) => {
    const d = await tx.deployment.findUnique({
      where: { id: input.deploymentId },
      select: { id: true, status: true, requestedById: true, artifactFingerprint: true, parity: true, model: { select: { slug: true } }, environment: { select: { bucket: true } } },
    });
    if (!d) throw new AppError("NOT_FOUND", "That deployment request does not exist.");
    if (d.requestedById !== actor.id && !can(actor, "deployments:decide")) throw new AppError("FORBIDDEN", "Only the requester or an admin can attach parity evidence.");
    if (d.status !== "PENDING_APPROVAL") throw new AppError("CONFLICT", "Parity evidence is attached while a request awaits approval; this one has been decided.");
    const previous = ParityRecord.safeParse(d.parity);
    if (previous.success && previous.data.status === "RUNNING") throw new AppError("CONFLICT", "A parity run for this request is still running; wait for its verdict.");
    const approval = await currentApproval(tx, d.id);
    if (!approval.holds) throw new AppError("CONFLICT", `The artifacts changed since the request (${approval.changes.join("; ")}): request again, then attach the evidence.`);
    const attempt = Date.now().toString(36);
    const locations = parityLocations(d.environment.bucket, d.id, attempt, input.legacyOutput.fileName);
    const record: ParityRecord = {
      status: "RUNNING",
      fingerprint: d.artifactFingerprint,
      tolerance: input.tolerance,
      goldenInputUri: locations.goldenInputUri,
      legacyOutputUri: locations.legacyOutputUri,
      executionArn: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
      requestedBy: actor.email,
    };
    const { count } = await tx.deployment.updateMany({ where: { id: d.id, status: "PENDING_APPROVAL" }, data: { parity: asJson(record) } });
    if (count === 0) throw new AppError("CONFLICT", "The request was decided a moment ago; parity evidence can no longer be attached.");
    await enqueue(tx, "deployments.parity", {
      deploymentId: d.id,
      actorId: actor.id,
      startedAt: record.startedAt,
      attempt,
      outputUri: locations.outputUri,
      legacyFileName: input.legacyOutput.fileName,
      files: { goldenInput: input.goldenInput, legacyOutput: input.legacyOutput },
    });
    return {
      result: { id: d.id, attempt, startedAt: record.startedAt, ...locations },
      audit: { targetType: "deployment", targetId: d.id, summary: `Parity run started for ${d.model.slug} (tolerance ±${input.tolerance})`, details: { ...locations } },
    };
  },
});
