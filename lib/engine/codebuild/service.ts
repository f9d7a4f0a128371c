import { createHash, randomUUID } from "node:crypto";
import pLimit from "p-limit";
import stringify from "safe-stable-stringify";
import { z } from "zod";
import { AwsError } from "../errors";
import type { JsonService } from "../http/json-protocol";
import type { ImageRegistry } from "../images/registry";
import type { LogStore } from "../logs/log-store";
import { defaultLogGroup } from "./build-log";
import { type Interruption, runBuild } from "./build-runner";
import { checkBuildSettings, mergeVariables, parseOrRefuse, ProjectInput, StartInput, UpdateInput } from "./project-rules";
import { type BuildRecord, buildToWire, type ProjectRecord, projectToWire } from "./records";
import { CodeBuildStore } from "./store";

export interface CodeBuildOptions {
  /** The service's own folder under the engine's data directory. */
  dataDir: string;
  logs: LogStore;
  images: () => Promise<ImageRegistry>;
  region: string;
  accountId: string;
  /** Builds running at once; the rest wait in QUEUED. */
  maxConcurrentBuilds?: number;
}

export interface CodeBuildService extends JsonService {
  /** Loads projects and builds; builds a previous engine left running end as FAULT. */
  recover(): Promise<void>;
  /** Ends running builds (FAULT: the engine shut down) and waits for their records. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MINUTES = 60;
const DEFAULT_QUEUED_TIMEOUT_MINUTES = 480;
/** CodeBuild honours an idempotency token for five minutes. */
const IDEMPOTENCY_MS = 5 * 60_000;
const PAGE = 100;
const RESTARTED = { statusCode: "InternalError", message: "the engine restarted while the build was running; start it again" };

const BatchGetProjects = z.object({ names: z.array(z.string()) });
const BatchGetBuilds = z.object({ ids: z.array(z.string()) });
const StopBuild = z.object({ id: z.string() });
const ListBuildsForProject = z.object({ projectName: z.string(), sortOrder: z.enum(["ASCENDING", "DESCENDING"]).optional(), nextToken: z.string().optional() });

/**
 * CodeBuild, for image builds (`X-Amz-Target: CodeBuild_20161006.<Operation>`): projects, builds with their
 * phases, logs in CloudWatch Logs (`/aws/codebuild/<project>`), and the image pushed to the engine's ECR
 * (build-runner.ts). Builds run in the engine's process; no shell and no Docker run, so no sandbox is needed.
 */
export function createCodeBuildService(options: CodeBuildOptions): CodeBuildService {
  const store = new CodeBuildStore(options.dataDir);
  const limit = pLimit(Math.max(1, options.maxConcurrentBuilds ?? 2));
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const projectArn = (name: string) => `arn:aws:codebuild:${options.region}:${options.accountId}:project/${name}`;
  const wire = (build: BuildRecord) => buildToWire(build, options.region);

  const projectNamed = (name: string): ProjectRecord => {
    const project = store.projects.get(name.startsWith("arn:") ? (name.split("/").pop() ?? "") : name);
    if (!project || (name.startsWith("arn:") && project.arn !== name)) throw new AwsError("ResourceNotFoundException", `Project cannot be found: ${name.startsWith("arn:") ? name : projectArn(name)}`);
    return project;
  };
  const buildWithId = (id: string): BuildRecord => {
    if (!id.includes(":")) throw new AwsError("InvalidInputException", "Invalid build ID provided");
    const build = store.builds.get(id);
    if (!build) throw new AwsError("ResourceNotFoundException", `Build ${id} does not exist`);
    return build;
  };

  const start = (build: BuildRecord) => {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort("TIMED_OUT" satisfies Interruption), build.timeoutInMinutes * 60_000);
    timeout.unref();
    const done = limit(() => runBuild(build, { ...options, save: (b) => store.saveBuild(b) }, controller.signal))
      .catch((error: unknown) => console.error(`[engine] build ${build.id} failed`, error))
      .finally(() => {
        clearTimeout(timeout);
        running.delete(build.id);
      });
    running.set(build.id, { controller, done });
  };

  const operations: Record<string, (body: unknown) => Promise<unknown>> = {
    CreateProject: async (body) => {
      const input = parseOrRefuse(ProjectInput, body, "CreateProject");
      if (store.projects.has(input.name)) throw new AwsError("ResourceAlreadyExistsException", `Project already exists: ${projectArn(input.name)}`);
      const now = Date.now();
      const project: ProjectRecord = {
        ...input,
        arn: projectArn(input.name),
        timeoutInMinutes: input.timeoutInMinutes ?? DEFAULT_TIMEOUT_MINUTES,
        queuedTimeoutInMinutes: input.queuedTimeoutInMinutes ?? DEFAULT_QUEUED_TIMEOUT_MINUTES,
        logsConfig: input.logsConfig ?? { cloudWatchLogs: { status: "ENABLED" }, s3Logs: { status: "DISABLED" } },
        created: now,
        lastModified: now,
        buildCount: 0,
      };
      checkBuildSettings(project, options.accountId);
      await store.saveProject(project);
      return { project: projectToWire(project) };
    },
    UpdateProject: async (body) => {
      const input = parseOrRefuse(UpdateInput, body, "UpdateProject");
      const current = projectNamed(input.name);
      const updated: ProjectRecord = { ...current, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)), lastModified: Date.now() };
      checkBuildSettings(updated, options.accountId);
      await store.saveProject(updated);
      return { project: projectToWire(updated) };
    },
    BatchGetProjects: async (body) => {
      const { names } = BatchGetProjects.parse(body);
      const found = names.flatMap((name) => {
        try {
          return [projectNamed(name)];
        } catch {
          return [];
        }
      });
      return { projects: found.map(projectToWire), projectsNotFound: names.filter((name) => !found.some((p) => p.name === name || p.arn === name)) };
    },
    StartBuild: async (body) => {
      const input = parseOrRefuse(StartInput, body, "StartBuild");
      const project = projectNamed(input.projectName);
      const { idempotencyToken, ...request } = input;
      const requestHash = createHash("sha256").update(stringify(request) ?? "").digest("hex");
      const earlier = idempotencyToken ? sameToken(store, project.name, idempotencyToken) : undefined;
      if (earlier) {
        if (earlier.idempotency?.requestHash !== requestHash) throw new AwsError("InvalidInputException", `The idempotency token ${idempotencyToken} was used with other parameters`);
        return { build: wire(earlier) };
      }
      const build = newBuild(project, input, options);
      if (idempotencyToken) build.idempotency = { token: idempotencyToken, requestHash };
      checkBuildSettings(build, options.accountId);
      project.buildCount = build.buildNumber;
      await store.saveProject(project);
      await store.saveBuild(build);
      start(build);
      return { build: wire(build) };
    },
    BatchGetBuilds: async (body) => {
      const { ids } = BatchGetBuilds.parse(body);
      const found = ids.flatMap((id) => store.builds.get(id) ?? []);
      return { builds: found.map(wire), buildsNotFound: ids.filter((id) => !store.builds.has(id)) };
    },
    StopBuild: async (body) => {
      const build = buildWithId(StopBuild.parse(body).id);
      const run = running.get(build.id);
      if (run) {
        run.controller.abort("STOPPED" satisfies Interruption);
        await run.done;
      }
      return { build: wire(build) };
    },
    ListBuildsForProject: async (body) => {
      const request = ListBuildsForProject.parse(body);
      const project = projectNamed(request.projectName);
      const order = request.sortOrder === "ASCENDING" ? 1 : -1;
      const ids = [...store.builds.values()].filter((b) => b.projectName === project.name).sort((a, b) => order * (a.buildNumber - b.buildNumber)).map((b) => b.id);
      const from = request.nextToken ? pageStart(request.nextToken) : 0;
      const page = ids.slice(from, from + PAGE);
      return { ids: page, ...(from + PAGE < ids.length ? { nextToken: Buffer.from(String(from + PAGE)).toString("base64url") } : {}) };
    },
  };

  return {
    handle: async (operation, body) => {
      const handler = operations[operation];
      if (!handler) throw new AwsError("UnknownOperationException", `CodeBuild_20161006.${operation} is not supported by the embedded engine.`);
      return handler(body);
    },
    recover: async () => {
      await store.load();
      for (const build of store.builds.values()) {
        if (build.buildStatus !== "IN_PROGRESS") continue;
        const phase = build.phases.at(-1);
        if (phase) Object.assign(phase, { phaseStatus: "FAULT", endTime: Date.now(), contexts: [RESTARTED] });
        Object.assign(build, { buildStatus: "FAULT", currentPhase: "COMPLETED", endTime: Date.now() });
        build.phases.push({ phaseType: "COMPLETED", startTime: Date.now() });
        await store.saveBuild(build);
      }
    },
    close: async () => {
      for (const run of running.values()) run.controller.abort("SHUTDOWN" satisfies Interruption);
      await Promise.all([...running.values()].map((run) => run.done));
      await store.drain();
    },
  };
}

function pageStart(token: string): number {
  const from = Number(Buffer.from(token, "base64url").toString());
  if (!Number.isInteger(from) || from < 0) throw new AwsError("InvalidInputException", "Invalid nextToken");
  return from;
}

/** A build of this project started with this token within the last five minutes. */
function sameToken(store: CodeBuildStore, projectName: string, token: string): BuildRecord | undefined {
  return [...store.builds.values()].find((b) => b.projectName === projectName && b.idempotency?.token === token && Date.now() - b.startTime < IDEMPOTENCY_MS);
}

/** A build as StartBuild creates it: the project's settings with the overrides applied, SUBMITTED and QUEUED. */
function newBuild(project: ProjectRecord, input: StartInput, options: CodeBuildOptions): BuildRecord {
  const uuid = randomUUID();
  const id = `${project.name}:${uuid}`;
  const now = Date.now();
  const logsConfig = input.logsConfigOverride ?? project.logsConfig;
  const cloudWatch = logsConfig.cloudWatchLogs ?? { status: "ENABLED" };
  return {
    id,
    arn: `arn:aws:codebuild:${options.region}:${options.accountId}:build/${id}`,
    buildNumber: project.buildCount + 1,
    projectName: project.name,
    startTime: now,
    currentPhase: "QUEUED",
    buildStatus: "IN_PROGRESS",
    phases: [
      { phaseType: "SUBMITTED", phaseStatus: "SUCCEEDED", startTime: now, endTime: now },
      { phaseType: "QUEUED", startTime: now },
    ],
    source: {
      ...project.source,
      type: input.sourceTypeOverride ?? project.source.type,
      ...(input.sourceLocationOverride !== undefined ? { location: input.sourceLocationOverride } : {}),
      ...(input.buildspecOverride !== undefined ? { buildspec: input.buildspecOverride } : {}),
    },
    environment: {
      ...project.environment,
      type: input.environmentTypeOverride ?? project.environment.type,
      image: input.imageOverride ?? project.environment.image,
      computeType: input.computeTypeOverride ?? project.environment.computeType,
      privilegedMode: input.privilegedModeOverride ?? project.environment.privilegedMode ?? false,
      environmentVariables: mergeVariables(project.environment.environmentVariables, input.environmentVariablesOverride),
    },
    artifacts: input.artifactsOverride ?? project.artifacts,
    serviceRole: input.serviceRoleOverride ?? project.serviceRole,
    timeoutInMinutes: input.timeoutInMinutesOverride ?? project.timeoutInMinutes,
    queuedTimeoutInMinutes: input.queuedTimeoutInMinutesOverride ?? project.queuedTimeoutInMinutes,
    // As CodeBuild names them: a stream name given by the project becomes `<name>/<build uuid>`.
    logs: cloudWatch.status === "ENABLED" ? { groupName: cloudWatch.groupName ?? defaultLogGroup(project.name), streamName: cloudWatch.streamName ? `${cloudWatch.streamName}/${uuid}` : uuid } : null,
  };
}
