import { EXECUTION_NAME_MAX, EXECUTION_NAME_PATTERN } from "@/lib/pipelines/names";

/**
 * A run's execution name is fixed when the run row is written, before StartExecution: calling StartExecution
 * again with the same name and input is a no-op in Step Functions, so a retried or recovered start can never
 * create a second execution. `<model slug>-<24 hex of the run id>` fits EXECUTION_NAME_MAX (48) and SageMaker's
 * job-name alphabet, so the job names derived from it stay valid.
 */
export function executionNameFor(modelSlug: string, runId: string): string {
  const hex = runId.replaceAll("-", "").slice(0, 24);
  const room = EXECUTION_NAME_MAX - hex.length - 1;
  const slug = modelSlug.replace(/[^a-zA-Z0-9-]/g, "-").replace(/^-+/, "").slice(0, Math.min(room, 20)).replace(/-+$/, "");
  const name = slug ? `${slug}-${hex}` : `run-${hex}`;
  if (!EXECUTION_NAME_PATTERN.test(name)) throw new Error(`generated execution name ${name} does not fit the pattern`);
  return name;
}
