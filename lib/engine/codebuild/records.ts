import { z } from "zod";

/** CodeBuild's phases, in the order a build goes through them. */
export const PHASES = ["SUBMITTED", "QUEUED", "PROVISIONING", "DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD", "UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED"] as const;
export type PhaseType = (typeof PHASES)[number];
export type StatusType = "SUCCEEDED" | "FAILED" | "FAULT" | "TIMED_OUT" | "IN_PROGRESS" | "STOPPED";

export const EnvironmentVariable = z.object({ name: z.string(), value: z.string(), type: z.enum(["PLAINTEXT", "PARAMETER_STORE", "SECRETS_MANAGER"]).optional() });
export type EnvironmentVariable = z.infer<typeof EnvironmentVariable>;

// The model has checked types, lengths and enums; these give the engine typed values and keep the rest as sent.
export const ProjectSource = z.object({ type: z.string(), location: z.string().optional(), buildspec: z.string().optional() }).loose();
export const ProjectArtifacts = z.object({ type: z.string() }).loose();
export const ProjectEnvironment = z
  .object({ type: z.string(), image: z.string(), computeType: z.string(), environmentVariables: z.array(EnvironmentVariable).optional(), privilegedMode: z.boolean().optional() })
  .loose();
export const LogsConfig = z
  .object({
    cloudWatchLogs: z.object({ status: z.enum(["ENABLED", "DISABLED"]), groupName: z.string().optional(), streamName: z.string().optional() }).optional(),
    s3Logs: z.object({ status: z.enum(["ENABLED", "DISABLED"]) }).loose().optional(),
  })
  .loose();

export type ProjectSource = z.infer<typeof ProjectSource>;
export type ProjectEnvironment = z.infer<typeof ProjectEnvironment>;
export type LogsConfig = z.infer<typeof LogsConfig>;

/** A build project as stored (times in epoch milliseconds). */
export interface ProjectRecord {
  name: string;
  arn: string;
  description?: string;
  source: ProjectSource;
  artifacts: z.infer<typeof ProjectArtifacts>;
  environment: ProjectEnvironment;
  serviceRole: string;
  timeoutInMinutes: number;
  queuedTimeoutInMinutes: number;
  logsConfig: LogsConfig;
  tags?: { key?: string; value?: string }[];
  created: number;
  lastModified: number;
  /** Builds started so far: the next build's number is one more. */
  buildCount: number;
}

export interface PhaseContext {
  statusCode: string;
  message: string;
}

export interface PhaseRecord {
  phaseType: PhaseType;
  phaseStatus?: StatusType;
  startTime: number;
  endTime?: number;
  contexts?: PhaseContext[];
}

/** A build as stored: what it was started with (the project's settings with the overrides applied) and how far it got. */
export interface BuildRecord {
  id: string;
  arn: string;
  buildNumber: number;
  projectName: string;
  startTime: number;
  endTime?: number;
  currentPhase: PhaseType;
  buildStatus: StatusType;
  phases: PhaseRecord[];
  source: ProjectSource;
  environment: ProjectEnvironment;
  artifacts: z.infer<typeof ProjectArtifacts>;
  serviceRole: string;
  timeoutInMinutes: number;
  queuedTimeoutInMinutes: number;
  /** Where its log goes; null when the project's CloudWatch logs are disabled. */
  logs: { groupName: string; streamName: string } | null;
  exportedEnvironmentVariables?: { name: string; value: string }[];
  idempotency?: { token: string; requestHash: string };
}

const seconds = (ms: number) => ms / 1000;

export function projectToWire(project: ProjectRecord) {
  const { buildCount: _count, created, lastModified, ...rest } = project;
  return { ...rest, created: seconds(created), lastModified: seconds(lastModified) };
}

export function buildToWire(build: BuildRecord, region: string) {
  const { idempotency: _idempotency, artifacts: _artifacts, logs, phases, startTime, endTime, ...rest } = build;
  return {
    ...rest,
    startTime: seconds(startTime),
    ...(endTime !== undefined ? { endTime: seconds(endTime) } : {}),
    buildComplete: build.buildStatus !== "IN_PROGRESS",
    phases: phases.map((phase) => ({
      ...phase,
      startTime: seconds(phase.startTime),
      ...(phase.endTime !== undefined ? { endTime: seconds(phase.endTime), durationInSeconds: Math.round((phase.endTime - phase.startTime) / 1000) } : {}),
    })),
    artifacts: { location: "" },
    logs: logs
      ? {
          groupName: logs.groupName,
          streamName: logs.streamName,
          deepLink: `https://console.aws.amazon.com/cloudwatch/home?region=${region}#logEvent:group=${encodeURIComponent(logs.groupName)};stream=${encodeURIComponent(logs.streamName)}`,
          cloudWatchLogsArn: `arn:aws:logs:${region}:${build.arn.split(":")[4]}:log-group:${logs.groupName}:log-stream:${logs.streamName}`,
          cloudWatchLogs: { status: "ENABLED" },
          s3Logs: { status: "DISABLED" },
        }
      : { cloudWatchLogs: { status: "DISABLED" }, s3Logs: { status: "DISABLED" } },
  };
}
