import { z } from "zod";
import { idField, textFileField } from "@/lib/validation/fields";

/**
 * Every kind of job Ferry queues: its pg-boss queue (created by migration 20261201600001, or the migration that
 * added the job) and the zod schema of
 * its payload. A payload is checked when it is queued and again when a worker takes it (the row sat in the
 * database in between). Payloads name ids, not objects: a handler reads the current state, so a retry or a
 * second delivery sees what the first one did.
 */
export const JOBS = {
  /** Create-and-start the runs of up to BATCH items of a bulk start (lib/runs/bulk-start.ts). */
  "runs.start-batch": {
    queue: "runs-start-batch",
    payload: z.object({ bulkStartId: z.uuid(), itemIds: z.array(z.uuid()).min(1).max(50) }),
  },
  /** Stop, re-run or redrive up to BATCH runs of a bulk run action (lib/runs/bulk-action.ts). */
  "runs.bulk-action": {
    queue: "runs-bulk-action",
    payload: z.object({ bulkId: z.uuid(), itemIds: z.array(z.uuid()).min(1).max(50) }),
  },
  /** A queued bulk lift: stage its files, write its models in one transaction, fill the new code prefixes (lib/catalog/bulk/job.ts). */
  "catalog.bulk-import": {
    queue: "catalog-bulk-import",
    payload: z.object({ importId: z.uuid() }),
  },
  /** The AWS half of a pipeline release: publish the version's definition, record LIVE or FAILED (lib/deployments/release.ts). */
  "pipelines.release": {
    queue: "pipelines-release",
    payload: z.object({ releaseId: idField("Release"), actorId: z.uuid() }),
  },
  /** The AWS half of a deploy: publish the approved definition, move the alias, record the outcome. */
  "deployments.deploy": {
    queue: "deployments-deploy",
    payload: z.object({ deploymentId: idField("Deployment"), actorId: z.uuid() }),
  },
  /** One step of a parity run: launch it, or look at it and reschedule itself until it has a verdict. */
  "deployments.parity": {
    queue: "deployments-parity",
    payload: z.object({
      deploymentId: idField("Deployment"),
      actorId: z.uuid(),
      /** Which attempt: a newer attempt's job never touches this one's record. */
      startedAt: z.iso.datetime(),
      attempt: z.string().regex(/^[a-z0-9]{1,16}$/),
      outputUri: z.string().startsWith("s3://").max(1024),
      /** The uploaded files, only until they are in the environment's bucket (the launch step). */
      // Their formats were checked by the command that queued the job (lib/deployments/parity/fields.ts).
      files: z.object({ goldenInput: textFileField("Golden input"), legacyOutput: textFileField("Legacy output") }).optional(),
      legacyFileName: z.string().max(100),
    }),
  },
  /** One attempt of a webhook delivery (lib/webhooks/deliver.ts); a failed attempt queues the next with back-off. */
  "webhooks.deliver": {
    queue: "webhooks-deliver",
    payload: z.object({ deliveryId: z.uuid(), attempt: z.number().int().min(1).max(1000) }),
  },
  /** One step of an image build: start it in CodeBuild, or look at it, record the outcome, and look again later (lib/catalog/images/build). */
  "images.build": {
    queue: "images-build",
    payload: z.object({ buildId: idField("Image build") }),
  },
} as const;

export type JobKind = keyof typeof JOBS;
export type JobPayload<K extends JobKind> = z.output<(typeof JOBS)[K]["payload"]>;

export const JOB_KINDS = Object.keys(JOBS) as JobKind[];

/** Which delivery of a job this is: a handler whose job will not be retried again records the failure where its page shows it. */
export type JobAttempt = { retryCount: number; lastAttempt: boolean };
