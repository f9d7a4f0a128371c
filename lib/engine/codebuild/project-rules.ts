import { z } from "zod";
import { AwsError, parseOrRefuse as refuseUnparsed } from "../errors";
import { EnvironmentVariable, LogsConfig, ProjectArtifacts, ProjectEnvironment, ProjectSource, type ProjectRecord } from "./records";

const invalid = (message: string) => new AwsError("InvalidInputException", message);

/** CreateProject's members the engine acts on; anything else it cannot honour is refused rather than ignored. */
export const ProjectInput = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  source: ProjectSource,
  artifacts: ProjectArtifacts,
  environment: ProjectEnvironment,
  serviceRole: z.string(),
  timeoutInMinutes: z.number().optional(),
  queuedTimeoutInMinutes: z.number().optional(),
  logsConfig: LogsConfig.optional(),
  tags: z.array(z.object({ key: z.string().optional(), value: z.string().optional() })).optional(),
});
export type ProjectInput = z.infer<typeof ProjectInput>;

export const UpdateInput = ProjectInput.partial().required({ name: true });

/** StartBuild's members the engine honours. */
export const StartInput = z.strictObject({
  projectName: z.string(),
  environmentVariablesOverride: z.array(EnvironmentVariable).optional(),
  sourceTypeOverride: z.string().optional(),
  sourceLocationOverride: z.string().optional(),
  buildspecOverride: z.string().optional(),
  imageOverride: z.string().optional(),
  computeTypeOverride: z.string().optional(),
  environmentTypeOverride: z.string().optional(),
  privilegedModeOverride: z.boolean().optional(),
  serviceRoleOverride: z.string().optional(),
  timeoutInMinutesOverride: z.number().optional(),
  queuedTimeoutInMinutesOverride: z.number().optional(),
  logsConfigOverride: LogsConfig.optional(),
  artifactsOverride: ProjectArtifacts.optional(),
  idempotencyToken: z.string().optional(),
});
export type StartInput = z.infer<typeof StartInput>;

/** A request refused in CodeBuild's words (InvalidInputException) when the engine cannot parse or honour it. */
export const parseOrRefuse = <T>(schema: z.ZodType<T>, body: unknown, operation: string): T => refuseUnparsed(schema, body, operation, "InvalidInputException");

/**
 * What the engine can build: a Linux container from an S3 folder (or no source), no artifacts, plain-text
 * variables, a service role of its own account. The rest of AWS's choices (other source providers, S3
 * artifacts, Parameter Store variables) are refused at once, in CodeBuild's error, rather than failing a build later.
 */
export function checkBuildSettings(settings: Pick<ProjectRecord, "source" | "artifacts" | "environment" | "serviceRole">, accountId: string): void {
  const { source, artifacts, environment } = settings;
  if (source.type !== "S3" && source.type !== "NO_SOURCE") throw invalid(`The embedded engine builds from S3 sources (or NO_SOURCE), not ${source.type}.`);
  if (source.type === "S3" && !source.location) throw invalid("Project source location is required");
  if (source.type === "NO_SOURCE" && !source.buildspec) throw invalid("A NO_SOURCE project needs a buildspec");
  if (artifacts.type !== "NO_ARTIFACTS") throw invalid(`The embedded engine keeps no build artifacts: use NO_ARTIFACTS (an image build pushes to ECR), not ${artifacts.type}.`);
  if (environment.type !== "LINUX_CONTAINER") throw invalid(`The embedded engine runs LINUX_CONTAINER builds, not ${environment.type}.`);
  const secret = environment.environmentVariables?.find((v) => v.type !== undefined && v.type !== "PLAINTEXT");
  if (secret) throw invalid(`Environment variable ${secret.name} is of type ${secret.type}; the embedded engine has no Parameter Store or Secrets Manager: use PLAINTEXT.`);
  if (!new RegExp(`^arn:aws:iam::${accountId}:role/.+`).test(settings.serviceRole)) {
    throw invalid("Invalid service role: Service role account ID does not match caller's account");
  }
}

/** Environment variables by name, later lists overriding earlier ones (StartBuild's over the project's). */
export function mergeVariables(...lists: (EnvironmentVariable[] | undefined)[]): EnvironmentVariable[] {
  const byName = new Map<string, EnvironmentVariable>();
  for (const list of lists) for (const variable of list ?? []) byName.set(variable.name, variable);
  return [...byName.values()];
}
