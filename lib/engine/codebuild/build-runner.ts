import type { ImageRegistry, StagedContext, BuiltImage } from "../images/registry";
import type { LogStore } from "../logs/log-store";
import { buildLog, type BuildLog } from "./build-log";
import { BUILDSPEC_PHASES, BuildspecError, type ParsedBuildspec, parseBuildspec, runsDocker } from "./buildspec";
import { dockerBuild, dockerPush, downloadSource, imageTarget, PhaseFailure, sourceBuildspec } from "./docker-steps";
import type { BuildRecord, PhaseContext, PhaseType, StatusType } from "./records";

export interface RunnerDeps {
  images: () => Promise<ImageRegistry>;
  logs: LogStore;
  region: string;
  accountId: string;
  /** Persists the build record (ordered per build); called at every change of phase. */
  save: (build: BuildRecord) => Promise<void>;
}

/** Why a build was interrupted (the signal's reason): StopBuild, its timeout, the engine shutting down. */
export type Interruption = "STOPPED" | "TIMED_OUT" | "SHUTDOWN";

const INTERRUPTED: Record<Interruption, { status: StatusType; context: PhaseContext }> = {
  STOPPED: { status: "STOPPED", context: { statusCode: "BUILD_STOPPED", message: "Build stopped" } },
  TIMED_OUT: { status: "TIMED_OUT", context: { statusCode: "BUILD_TIMED_OUT", message: "Build timed out" } },
  SHUTDOWN: { status: "FAULT", context: { statusCode: "InternalError", message: "the engine shut down while the build was running; start it again" } },
};

/** What one build carries from phase to phase. */
interface Work {
  build: BuildRecord;
  registry: ImageRegistry;
  log: BuildLog;
  variables: Record<string, string>;
  staged?: StagedContext;
  buildspec?: ParsedBuildspec;
  built?: BuiltImage;
}

type Step = (work: Work, deps: RunnerDeps) => Promise<void>;

const nothing: Step = async () => undefined;

/**
 * The phases from QUEUED on, as CodeBuild runs them. The engine runs no shell and no Docker: it performs the Docker
 * image build the buildspec describes (`docker build` of the source's Dockerfile, `docker push` to
 * `$IMAGE_REPO_NAME:$IMAGE_TAG`), the way it runs custom images (images/README.md).
 */
const STEPS: [PhaseType, Step][] = [
  ["QUEUED", nothing],
  ["PROVISIONING", async ({ log, build }) => log.agent(`Running on the embedded engine's CodeBuild (image ${build.environment.image}, ${build.environment.computeType})`)],
  ["DOWNLOAD_SOURCE", downloadPhase],
  ["INSTALL", nothing],
  ["PRE_BUILD", preBuildPhase],
  ["BUILD", buildPhase],
  ["POST_BUILD", postBuildPhase],
  ["UPLOAD_ARTIFACTS", nothing],
];

async function downloadPhase(work: Work): Promise<void> {
  if (work.build.source.type === "S3") work.staged = await downloadSource(work.registry, work.build.source.location ?? "", work.log);
  const text = work.build.source.buildspec?.trim() ? work.build.source.buildspec : await sourceBuildspec(work.staged);
  try {
    work.buildspec = parseBuildspec(text);
  } catch (error) {
    if (error instanceof BuildspecError) throw new PhaseFailure("YAML_FILE_ERROR", error.message);
    throw error;
  }
  // Precedence as CodeBuild documents it: StartBuild's overrides, then the project's, then the buildspec's.
  work.variables = { ...work.buildspec.variables, ...work.variables };
  const phases = BUILDSPEC_PHASES.filter((phase) => work.buildspec?.commands[phase].length);
  work.log.agent(`Phases found in YAML: ${phases.length}`);
  for (const phase of phases) work.log.agent(` ${phase.toUpperCase()}: ${work.buildspec.commands[phase].length} commands`);
  work.log.agent("The engine runs no shell: it performs the Docker image build these commands describe (the Dockerfile interpreted, the image pushed to its ECR).");
}

async function preBuildPhase(work: Work, deps: RunnerDeps): Promise<void> {
  if (!work.buildspec || !runsDocker(work.buildspec, "build")) {
    throw new PhaseFailure("COMMAND_EXECUTION_ERROR", "the embedded engine's CodeBuild performs Docker image builds only, and this buildspec runs no docker build");
  }
  const { repository } = imageTarget(work.variables);
  work.variables.AWS_ACCOUNT_ID ??= deps.accountId;
  work.variables.REPOSITORY_URI = `${deps.accountId}.dkr.ecr.${deps.region}.amazonaws.com/${repository}`;
}

async function buildPhase(work: Work): Promise<void> {
  if (!work.build.environment.privilegedMode) {
    throw new PhaseFailure("COMMAND_EXECUTION_ERROR", "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running? (Docker builds need the project's privilegedMode)");
  }
  if (!work.staged) throw new PhaseFailure("COMMAND_EXECUTION_ERROR", "Error while executing command: docker build. Reason: the build has no source, so no Dockerfile");
  const staged = work.staged;
  work.staged = undefined;
  work.built = await dockerBuild(work.registry, staged, `${work.variables.REPOSITORY_URI}:${work.variables.IMAGE_TAG}`, work.log);
}

async function postBuildPhase(work: Work): Promise<void> {
  if (!work.built || !work.buildspec || !runsDocker(work.buildspec, "push")) return;
  const { tag } = imageTarget(work.variables);
  work.variables.IMAGE_DIGEST = await dockerPush(work.registry, work.built, { repositoryUri: work.variables.REPOSITORY_URI ?? "", tag }, work.log);
}

/**
 * Runs a build from PROVISIONING to COMPLETED: each phase entered, logged and recorded; the first that fails
 * ends the build (FINALIZING and COMPLETED follow, as in CodeBuild when a phase aborts). `signal` interrupts it
 * between phases (StopBuild, the build's timeout).
 */
export async function runBuild(build: BuildRecord, deps: RunnerDeps, signal: AbortSignal): Promise<void> {
  const log = buildLog(deps.logs, build.logs);
  const work: Work = { build, registry: await deps.images(), log, variables: variablesOf(build, deps) };
  let outcome: StatusType = "SUCCEEDED";
  try {
    for (const [phase, step] of STEPS) {
      // QUEUED was entered when the build was started.
      if (build.currentPhase !== phase) await enter(work, phase, deps);
      const result = await attempt(work, step, deps, signal);
      outcome = result.status;
      finish(build, outcome, result.context);
      log.agent(`Phase complete: ${phase} State: ${outcome}`);
      if (outcome !== "SUCCEEDED") break;
    }
  } finally {
    if (work.staged) await work.registry.discardStaged(work.staged);
  }
  await enter(work, "FINALIZING", deps);
  finish(build, "SUCCEEDED");
  build.exportedEnvironmentVariables = (work.buildspec?.exported ?? []).map((name) => ({ name, value: work.variables[name] ?? "" }));
  await enter(work, "COMPLETED", deps);
  build.buildStatus = outcome;
  build.endTime = Date.now();
  await log.flush().catch((error: unknown) => console.error("[engine] a build log could not be written", error));
  await deps.save(build);
}

async function attempt(work: Work, step: Step, deps: RunnerDeps, signal: AbortSignal): Promise<{ status: StatusType; context?: PhaseContext }> {
  if (signal.aborted) return interrupted(signal);
  try {
    await step(work, deps);
    return signal.aborted ? interrupted(signal) : { status: "SUCCEEDED" };
  } catch (error) {
    if (error instanceof PhaseFailure) {
      work.log.agent(`Phase context status code: ${error.statusCode} Message: ${error.message}`);
      return { status: "FAILED", context: { statusCode: error.statusCode, message: error.message } };
    }
    console.error("[engine] build step failed", error);
    return { status: "FAULT", context: { statusCode: "InternalError", message: "the engine failed while running this phase (see its log)" } };
  }
}

function interrupted(signal: AbortSignal): { status: StatusType; context: PhaseContext } {
  return INTERRUPTED[(signal.reason as Interruption | undefined) ?? "STOPPED"] ?? INTERRUPTED.STOPPED;
}

async function enter(work: Work, phase: PhaseType, deps: RunnerDeps): Promise<void> {
  work.build.currentPhase = phase;
  work.build.phases.push({ phaseType: phase, startTime: Date.now() });
  if (phase !== "COMPLETED") work.log.agent(`Entering phase ${phase}`);
  await deps.save(work.build);
}

function finish(build: BuildRecord, status: StatusType, context?: PhaseContext): void {
  const phase = build.phases.at(-1);
  if (!phase) return;
  phase.phaseStatus = status;
  phase.endTime = Date.now();
  if (context) phase.contexts = [context];
}

/** The build's environment: CodeBuild's own variables, then the project's with StartBuild's overrides (the buildspec's join later, beneath them). */
function variablesOf(build: BuildRecord, deps: RunnerDeps): Record<string, string> {
  const own = {
    CODEBUILD_BUILD_ID: build.id,
    CODEBUILD_BUILD_ARN: build.arn,
    CODEBUILD_BUILD_NUMBER: String(build.buildNumber),
    AWS_DEFAULT_REGION: deps.region,
    AWS_REGION: deps.region,
  };
  return { ...own, ...Object.fromEntries((build.environment.environmentVariables ?? []).map((v) => [v.name, v.value])) };
}
