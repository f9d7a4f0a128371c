import "server-only";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { requireAllowed } from "@/lib/commands/object-access";
import { clientsFor } from "@/lib/aws/clients";
import { admit, defineCommand, executeCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { catalogStorage } from "@/lib/catalog/storage";
import { acceptFiles, type AcceptedFile } from "@/lib/catalog/uploads";
import { asJson } from "@/lib/db/json";
import { BUILD_CONTEXT_PREFIX } from "@/lib/pipelines/build-project";
import { accountOf } from "@/lib/environments/target";
import { enqueue } from "@/lib/jobs/enqueue";
import { idField } from "@/lib/validation/fields";
import { imageChange, LocalRuntime } from "../commands";
import { LintFinding } from "../dockerfile-lint";
import { asText, readContext, storeContext } from "./context";
import { RequestBuildInput, repositoryField, tagField } from "./fields";
import { blocking, contextReadiness } from "./readiness";

const ENVIRONMENT_SELECT = { id: true, name: true, kind: true, region: true, accountId: true, bucket: true, endpointOverride: true, accessRoleArn: true, externalId: true } as const;
type BuildEnvironment = NonNullable<Awaited<ReturnType<typeof environmentFor>>>;

/** Where a build in this environment pushes: that account's ECR in its region. */
export function registryOf(environment: Pick<BuildEnvironment, "accountId" | "region">): string {
  return `${accountOf(environment)}.dkr.ecr.${environment.region}.amazonaws.com`;
}

export function builtImageUri(environment: Pick<BuildEnvironment, "accountId" | "region">, repository: string, tag: string): string {
  return `${registryOf(environment)}/${repository}:${tag}`;
}

/** The environment a build runs in: the one asked for, else the catalog's (on a laptop, the engine's). */
async function environmentFor(db: PrismaClient, environmentId: string | undefined) {
  const id = environmentId ?? (await catalogStorage(db)).environment.id;
  return db.environment.findUnique({ where: { id }, select: ENVIRONMENT_SELECT });
}

/**
 * The intent: the build row and its job, in one transaction (lib/jobs). Its input comes from requestImageBuild,
 * which stored the context first; the context must be one of that environment's content-addressed prefixes.
 */
export const requestBuild = defineCommand({
  name: "images.request_build",
  permission: "catalog:write",
  input: z.object({
    environmentId: idField("Environment"),
    repository: repositoryField,
    tag: tagField,
    contextUri: z.string().regex(new RegExp(`^s3://[a-z0-9.-]{3,63}/${BUILD_CONTEXT_PREFIX}[0-9a-f]{64}/$`), "The context must be a stored build context"),
    contextDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    contextFiles: z.array(z.string().max(1000)).min(1).max(1000),
    findings: z.array(LintFinding).max(500).default([]),
  }),
  object: async ({ tx, input }) => {
    const image = await imageAt(tx, input);
    return image ? imageChange(tx, image.id) : null;
  },
  run: async ({ tx, input, actor }) => {
    const environment = await tx.environment.findUnique({ where: { id: input.environmentId }, select: { id: true, bucket: true, region: true, accountId: true, name: true } });
    if (!environment) throw new AppError("NOT_FOUND", "That environment no longer exists.");
    if (!input.contextUri.startsWith(`s3://${environment.bucket}/`)) throw new AppError("INVALID_INPUT", "The build context must be in the environment's bucket.", { contextUri: ["Not in the environment's bucket"] });
    const image = await imageAt(tx, input);
    if (image && image.kind !== "CUSTOM") throw new AppError("INVALID_INPUT", `${image.uri} is a framework image; only custom images are built.`, { repository: ["A framework image"] });
    const imageUri = builtImageUri(environment, input.repository, input.tag);
    const build = await tx.imageBuild.create({
      data: {
        environmentId: environment.id,
        imageUri,
        repository: input.repository,
        tag: input.tag,
        imageId: image?.id ?? null,
        contextUri: input.contextUri,
        contextDigest: input.contextDigest,
        contextFiles: input.contextFiles,
        findings: asJson(input.findings),
        requestedById: actor.id,
      },
      select: { id: true, imageUri: true, status: true },
    });
    await enqueue(tx, "images.build", { buildId: build.id });
    return { result: build, audit: { targetType: "image_build", targetId: build.id, summary: `Requested a build of ${imageUri} in ${environment.name} (context ${input.contextDigest.slice(0, 19)}…)` } };
  },
});

/** The catalog image a build of this repository and tag would produce, if it is registered. */
async function imageAt(tx: Tx, input: { environmentId: string; repository: string; tag: string }) {
  const environment = await tx.environment.findUnique({ where: { id: input.environmentId }, select: { region: true, accountId: true } });
  if (!environment) return null;
  return tx.image.findUnique({ where: { uri: builtImageUri(environment, input.repository, input.tag) }, select: { id: true, uri: true, kind: true } });
}

/**
 * Build from the image page: the context (uploaded, or one Ferry holds) checked for readiness, stored
 * content-addressed in the environment's bucket, then the build and its job written. Who may (the image's owner
 * or an admin, when it exists) and readiness errors are checked before anything is stored.
 */
export async function requestImageBuild(db: PrismaClient, actor: Actor | null, raw: z.input<typeof RequestBuildInput>) {
  const admitted = admit(actor, "catalog:write", RequestBuildInput, raw, "images.request_build");
  const { input } = admitted;
  const environment = await environmentFor(db, input.environmentId);
  if (!environment) throw new AppError("NOT_FOUND", "That environment does not exist.", { environmentId: ["Unknown environment"] });
  const existing = await db.image.findUnique({ where: { uri: builtImageUri(environment, input.repository, input.tag) }, select: { id: true } });
  if (existing) await requireAllowed(db, admitted.actor, await imageChange(db, existing.id));
  const files = await contextFiles(db, input);
  const images = await db.image.findMany({ select: { uri: true }, take: 1000 });
  const findings = contextReadiness(asText(files), { knownImages: images.map((i) => i.uri) });
  const errors = blocking(findings);
  if (errors.length > 0) {
    const messages = errors.map((f) => `${f.file}:${f.line} ${f.message}`);
    throw new AppError("INVALID_INPUT", `Nothing was built. ${messages[0]}${messages.length > 1 ? ` (and ${messages.length - 1} more)` : ""}`, { files: messages });
  }
  const { s3 } = clientsFor(environment, admitted.actor);
  const stored = await storeContext(s3, environment.bucket, files);
  return executeCommand(db, requestBuild, actor, {
    environmentId: environment.id,
    repository: input.repository,
    tag: input.tag,
    ...stored,
    contextFiles: files.map((f) => f.name).sort(),
    findings,
  });
}

/** The context's files: the upload (names and sizes checked), or a context Ferry stored, read back from where it is. */
async function contextFiles(db: PrismaClient, input: RequestBuildInput): Promise<AcceptedFile[]> {
  if (input.files) return acceptFiles(input.files, { anyExtension: true });
  if (input.fromBuildId) {
    const earlier = await db.imageBuild.findUnique({ where: { id: input.fromBuildId }, select: { contextUri: true, contextFiles: true, environment: { select: ENVIRONMENT_SELECT } } });
    if (!earlier) throw new AppError("NOT_FOUND", "That build no longer exists.", { fromBuildId: ["Unknown build"] });
    return readContext(clientsFor(earlier.environment).s3, earlier.contextUri, earlier.contextFiles);
  }
  const image = await db.image.findUnique({ where: { id: input.fromImageId }, select: { localRuntime: true } });
  const runtime = LocalRuntime.nullable().catch(null).parse(image?.localRuntime ?? null);
  if (runtime?.kind !== "custom") throw new AppError("NOT_FOUND", "That image has no build context to build from.", { fromImageId: ["No build context"] });
  const storage = await catalogStorage(db);
  return readContext(storage.s3, runtime.buildContextUri, runtime.files);
}
