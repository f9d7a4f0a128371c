import type { Environment } from "@/generated/prisma/client";
import { targetFor } from "@/lib/environments/target";

/**
 * The one place that decides where a job's log lives: the embedded engine keeps it behind its own HTTP
 * endpoint; SageMaker in AWS writes to CloudWatch Logs, group /aws/sagemaker/ProcessingJobs, one stream per
 * instance named <job>/algo-N-<epoch>.
 */
export const CLOUDWATCH_GROUP = "/aws/sagemaker/ProcessingJobs";

export type LogSource = { kind: "engine"; url: string } | { kind: "cloudwatch"; region: string; endpoint?: string; group: string; streamPrefix: string };

export function logSourceFor(environment: Pick<Environment, "kind" | "region" | "endpointOverride">, jobName: string): LogSource {
  const target = targetFor(environment);
  if (environment.kind === "EMBEDDED" && target.endpoint) {
    return { kind: "engine", url: `${target.endpoint.replace(/\/$/, "")}/_ferry/jobs/${encodeURIComponent(jobName)}/log` };
  }
  return { kind: "cloudwatch", region: target.region, ...(target.endpoint ? { endpoint: target.endpoint } : {}), group: CLOUDWATCH_GROUP, streamPrefix: `${jobName}/` };
}

/** Stored on the step for people and exports; reads go through logSourceFor. */
export function logUriFor(environment: Pick<Environment, "kind" | "region" | "endpointOverride">, jobName: string): string {
  const source = logSourceFor(environment, jobName);
  return source.kind === "engine" ? source.url : `cloudwatch://${source.region}${source.group}/${source.streamPrefix}`;
}
