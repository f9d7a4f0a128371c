import { BatchGetProjectsCommand, type CodeBuildClient, CreateProjectCommand, type Project, ResourceAlreadyExistsException, UpdateProjectCommand } from "@aws-sdk/client-codebuild";
import type { Environment } from "@/generated/prisma/client";
import { accountOf } from "@/lib/environments/target";
import { imageBuildProject } from "@/lib/pipelines/build-project";

type Desired = ReturnType<typeof imageBuildProject>;

/** What makes a project build Ferry's way: a difference in any of these is converged with UpdateProject. */
function differs(current: Project, desired: Desired): boolean {
  const pick = (p: Pick<Project, "source" | "environment" | "artifacts" | "serviceRole">) => JSON.stringify([
    p.source?.type, p.source?.location, p.source?.buildspec, p.environment?.type, p.environment?.image, p.environment?.computeType, Boolean(p.environment?.privilegedMode), p.artifacts?.type, p.serviceRole,
  ]);
  return pick(current) !== pick(desired);
}

/**
 * The environment's image-build project, as Ferry defines it (lib/pipelines/build-project.ts): created when
 * missing (in an account, the generated CloudFormation usually has created it), converged when it differs.
 * Idempotent: two workers creating it at once both end with the one project.
 */
export async function ensureBuildProject(codebuild: CodeBuildClient, environment: Pick<Environment, "accountId" | "bucket">): Promise<void> {
  const desired = imageBuildProject({ account: accountOf(environment), bucket: environment.bucket });
  const { projects } = await codebuild.send(new BatchGetProjectsCommand({ names: [desired.name] }));
  const current = projects?.[0];
  if (!current) {
    await codebuild.send(new CreateProjectCommand(desired)).catch((error: unknown) => {
      if (!(error instanceof ResourceAlreadyExistsException)) throw error;
    });
    return;
  }
  if (differs(current, desired)) {
    const { tags: _tags, ...settings } = desired;
    await codebuild.send(new UpdateProjectCommand(settings));
  }
}
