import { performBulkImport } from "@/lib/catalog/bulk/job";
import { imageBuildJob } from "@/lib/catalog/images/build/follow";
import { performDeploy } from "@/lib/deployments/deploy";
import { parityJob } from "@/lib/deployments/parity/run";
import { performRelease } from "@/lib/deployments/release";
import { performBulkAction } from "@/lib/runs/bulk-action";
import { startBatch } from "@/lib/runs/bulk-start";
import { deliverWebhook } from "@/lib/webhooks/deliver";
import type { JobHandlers } from "./worker";

/** What a worker does with each kind of job; each handler is idempotent (see lib/jobs/README.md). */
export const JOB_HANDLERS: JobHandlers = {
  "runs.start-batch": startBatch,
  "runs.bulk-action": performBulkAction,
  "catalog.bulk-import": performBulkImport,
  "pipelines.release": performRelease,
  "deployments.deploy": async (db, payload) => void (await performDeploy(db, payload)),
  "deployments.parity": parityJob,
  "webhooks.deliver": deliverWebhook,
  "images.build": imageBuildJob,
};
