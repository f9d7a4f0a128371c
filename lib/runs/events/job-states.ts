import type { PrismaClient } from "@/generated/prisma/client";

/** What a step takes from its finished job (see lib/runs/reconciler/sync-run.ts). */
export type JobDetails = { jobArn?: string; failureReason?: string; instanceType?: string; imageUri?: string };

export type JobState = {
  jobName: string;
  jobArn: string;
  status: string;
  failureReason?: string | null;
  instanceType?: string | null;
  imageUri?: string | null;
  lastModifiedAt: Date;
};

const TERMINAL = ["Completed", "Failed", "Stopped"];

/**
 * Keeps the latest state of a job from its events. Events come in any order and more than once: an older
 * LastModifiedTime never overwrites a newer one, and a finished job never goes back to running.
 */
export async function recordJobState(db: PrismaClient, environmentId: string, job: JobState): Promise<void> {
  await db.$executeRaw`
    INSERT INTO processing_job_states (environment_id, job_name, job_arn, status, failure_reason, instance_type, image_uri, last_modified_at, updated_at)
    VALUES (${environmentId}::uuid, ${job.jobName}, ${job.jobArn}, ${job.status}, ${job.failureReason ?? null}, ${job.instanceType ?? null}, ${job.imageUri ?? null}, ${job.lastModifiedAt}, now())
    ON CONFLICT (environment_id, job_name) DO UPDATE SET
      job_arn = EXCLUDED.job_arn, status = EXCLUDED.status, failure_reason = EXCLUDED.failure_reason,
      instance_type = EXCLUDED.instance_type, image_uri = EXCLUDED.image_uri, last_modified_at = EXCLUDED.last_modified_at, updated_at = now()
    WHERE processing_job_states.last_modified_at <= EXCLUDED.last_modified_at
      AND NOT (processing_job_states.status = ANY(${TERMINAL}) AND NOT EXCLUDED.status = ANY(${TERMINAL}))`;
  // A step whose sync came first (it skips DescribeProcessingJob for a succeeded step) gets its job's ARN now.
  await db.runStep.updateMany({ where: { jobName: job.jobName, jobArn: null, run: { environmentId } }, data: { jobArn: job.jobArn } });
}

/** A finished job's details as its events told them, or null (then DescribeProcessingJob asks AWS). */
export async function finishedJobDetails(db: PrismaClient, environmentId: string, jobName: string): Promise<JobDetails | null> {
  const row = await db.processingJobState.findUnique({ where: { environmentId_jobName: { environmentId, jobName } } });
  if (!row || !TERMINAL.includes(row.status)) return null;
  return {
    jobArn: row.jobArn,
    ...(row.failureReason ? { failureReason: row.failureReason } : {}),
    ...(row.instanceType ? { instanceType: row.instanceType } : {}),
    ...(row.imageUri ? { imageUri: row.imageUri } : {}),
  };
}
