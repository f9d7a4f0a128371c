import { performDeploy } from "@/lib/deployments/deploy";
import { parityJob } from "@/lib/deployments/parity/run";
import { startBatch } from "@/lib/runs/bulk-start";
import type { JobHandlers } from "./worker";

/** What a worker does with each kind of job; each handler is idempotent (see lib/jobs/README.md). */
export const JOB_HANDLERS: JobHandlers = {
  "runs.start-batch": startBatch,
  "deployments.deploy": async (db, payload) => void (await performDeploy(db, payload)),
  "deployments.parity": parityJob,
};
