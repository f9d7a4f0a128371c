import { readFile } from "node:fs/promises";
import path from "node:path";
import { AwsError } from "../errors";
import { DockerfileError, type DockerfileStep } from "../images/dockerfile";
import type { BuiltImage, ImageRegistry, StagedContext } from "../images/registry";
import type { BuildLog } from "./build-log";

/** Why a phase failed, with CodeBuild's status code for its context (COMMAND_EXECUTION_ERROR, CLIENT_ERROR, YAML_FILE_ERROR). */
export class PhaseFailure extends Error {
  constructor(
    readonly statusCode: string,
    message: string,
  ) {
    super(message);
  }
}

// ECR's rules for repository names and image tags.
const REPOSITORY = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** `bucket/prefix/` or `arn:aws:s3:::bucket/prefix/` (CodeBuild's S3 source locations) as the engine's `s3://` prefix. */
export function sourcePrefix(location: string): string {
  const plain = location.replace(/^arn:aws:s3:::/, "");
  if (/\.zip$/i.test(plain)) {
    throw new PhaseFailure("CLIENT_ERROR", `the embedded engine reads S3 folder sources (bucket/prefix/); it does not unpack the archive ${location}`);
  }
  if (!/^[^/]+\/./.test(plain)) throw new PhaseFailure("CLIENT_ERROR", `the source location ${location} names no folder of a bucket (bucket/prefix/)`);
  return `s3://${plain.endsWith("/") ? plain : `${plain}/`}`;
}

/** DOWNLOAD_SOURCE: the source folder copied out of the engine's S3, as the build's context. */
export async function downloadSource(registry: ImageRegistry, location: string, log: BuildLog): Promise<StagedContext> {
  const prefix = sourcePrefix(location);
  const staged = await registry.stageContext(prefix).catch((error: unknown) => {
    if (error instanceof AwsError || error instanceof DockerfileError) throw new PhaseFailure("CLIENT_ERROR", `${prefix}: ${error.message}`);
    throw error;
  });
  if (staged.entries.length === 0) {
    await registry.discardStaged(staged);
    throw new PhaseFailure("CLIENT_ERROR", `no objects under ${prefix}`);
  }
  log.agent(`Downloaded ${staged.entries.filter((e) => e.kind === "file").length} source files from ${prefix} (context ${staged.digest})`);
  return staged;
}

/** The source's own `buildspec.yml`, for a project that gives none; CodeBuild's YAML_FILE_ERROR when it is missing. */
export async function sourceBuildspec(staged: StagedContext | undefined): Promise<string> {
  if (!staged?.entries.some((e) => e.path === "buildspec.yml" && e.kind === "file")) {
    throw new PhaseFailure("YAML_FILE_ERROR", "stat buildspec.yml: no such file or directory in the source, and the project gives no buildspec");
  }
  return readFile(path.join(staged.dir, "context", "buildspec.yml"), "utf8");
}

/** The image's repository and tag, from `IMAGE_REPO_NAME` and `IMAGE_TAG` as in AWS's CodeBuild sample for Docker images. */
export function imageTarget(variables: Record<string, string>): { repository: string; tag: string } {
  const repository = variables.IMAGE_REPO_NAME ?? "";
  const tag = variables.IMAGE_TAG ?? "";
  if (!REPOSITORY.test(repository)) throw new PhaseFailure("COMMAND_EXECUTION_ERROR", `IMAGE_REPO_NAME '${repository}' is not an ECR repository name (lower case letters, digits, . _ - and /)`);
  if (!TAG.test(tag)) throw new PhaseFailure("COMMAND_EXECUTION_ERROR", `IMAGE_TAG '${tag}' is not an image tag (letters, digits, _ . -, at most 128)`);
  return { repository, tag };
}

/** BUILD: `docker build`, as the engine does it: the Dockerfile interpreted step by step, its COPY steps applied. */
export async function dockerBuild(registry: ImageRegistry, staged: StagedContext, imageUri: string, log: BuildLog): Promise<BuiltImage> {
  const steps: DockerfileStep[] = [];
  const logSteps = () =>
    steps.forEach((step, i) => {
      log.output(`Step ${i + 1} : ${step.instruction}`);
      log.output(` ---> ${step.effect}${step.reason ? `: ${step.reason}` : ""} (Dockerfile line ${step.line})`);
    });
  try {
    const built = await registry.buildStaged(staged, (step) => steps.push(step));
    logSteps();
    log.output(`Successfully built ${built.contextDigest}${built.reused ? " (the same context was built before: reused)" : ""}`);
    log.output(`Successfully tagged ${imageUri}`);
    return built;
  } catch (error) {
    logSteps();
    if (error instanceof DockerfileError) throw new PhaseFailure("COMMAND_EXECUTION_ERROR", `Error while executing command: docker build. Reason: ${error.message}`);
    throw error;
  }
}

/** POST_BUILD: `docker push`: the tag now names the build in the engine's ECR; the repository is created if missing. */
export async function dockerPush(registry: ImageRegistry, built: BuiltImage, target: { repositoryUri: string; tag: string }, log: BuildLog): Promise<string> {
  const exists = registry.images().some((image) => image.repository === target.repositoryUri);
  if (!exists) log.output(`Repository ${target.repositoryUri} created`);
  log.output(`The push refers to repository [${target.repositoryUri}]`);
  const pushed = await registry.tagBuild(`${target.repositoryUri}:${target.tag}`, built.contextDigest);
  log.output(`${target.tag}: digest: ${pushed.digest}`);
  return pushed.digest;
}
