import "server-only";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { allows } from "@/lib/auth/object-rules";
import { buildTarget, objectActorOf } from "@/lib/commands/object-access";
import { defineQuery } from "@/lib/commands/query";
import { AppError } from "@/lib/commands/errors";
import { idField } from "@/lib/validation/fields";
import { LocalRuntime } from "../commands";
import { LintFinding } from "../dockerfile-lint";
import { BuildPhase, FINAL_STATUSES } from "./fields";
import { readBuildLog } from "./log";
import { registryOf } from "./request";

const SUMMARY_SELECT = {
  id: true,
  imageUri: true,
  status: true,
  currentPhase: true,
  failedPhase: true,
  digest: true,
  imageVersion: true,
  imageId: true,
  contextDigest: true,
  createdAt: true,
  finishedAt: true,
  requestedBy: { select: { name: true } },
  environment: { select: { name: true } },
} as const;

/** The images page: the latest builds, newest first. */
export function recentBuilds(db: PrismaClient, take = 20) {
  return db.imageBuild.findMany({ orderBy: { createdAt: "desc" }, take, select: SUMMARY_SELECT });
}
export type BuildSummary = Awaited<ReturnType<typeof recentBuilds>>[number];

/** A build as its page shows it: status, phases, failure, the image it produced, the readiness findings it was started with. */
export const imageBuildQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Build") }),
  run: async ({ db, input, actor }) => {
    const build = await db.imageBuild.findUnique({
      where: { id: input.id },
      select: { ...SUMMARY_SELECT, repository: true, tag: true, contextFiles: true, phases: true, findings: true, failure: true, startedAt: true, logStream: true, stopRequestedAt: true, stopRequestedBy: { select: { name: true } } },
    });
    if (!build) throw new AppError("NOT_FOUND", "That build does not exist.");
    const { phases, findings, logStream, ...rest } = build;
    const done = FINAL_STATUSES.includes(build.status);
    return {
      ...rest,
      phases: z.array(BuildPhase).catch([]).parse(phases),
      findings: z.array(LintFinding).catch([]).parse(findings),
      hasLog: logStream !== null,
      done,
      // The page offers Stop to whoever the command would let stop it; the command checks again.
      canStop: !done && build.stopRequestedAt === null && allows("build:stop", await objectActorOf(db, actor), await buildTarget(db, build.id)),
    };
  },
});
export type ImageBuildDetail = Awaited<ReturnType<typeof imageBuildQuery.run>>;

/** A chunk of a build's log from CloudWatch Logs, read as the caller; `done` once the build is final (read to the end, then stop). */
export const imageBuildLogQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Build"), offset: z.string().max(200).optional() }),
  run: async ({ db, input, actor }) => {
    const build = await db.imageBuild.findUnique({ where: { id: input.id }, select: { status: true, logGroup: true, logStream: true, environment: true } });
    if (!build) throw new AppError("NOT_FOUND", "That build does not exist.");
    const done = FINAL_STATUSES.includes(build.status);
    if (!build.logGroup || !build.logStream) return { text: "", next: null, available: false, done };
    return { ...(await readBuildLog(build.environment, { group: build.logGroup, stream: build.logStream }, input.offset ?? null, actor)), done };
  },
});

/** What the build form offers: environments, and the contexts Ferry holds (custom images' current ones, earlier builds'). */
export async function buildFormChoices(db: PrismaClient) {
  const [environments, images, builds] = await Promise.all([
    db.environment.findMany({ orderBy: [{ kind: "asc" }, { createdAt: "asc" }], select: { id: true, name: true, kind: true, region: true, accountId: true } }),
    db.image.findMany({ where: { kind: "CUSTOM" }, orderBy: { uri: "asc" }, take: 200, select: { id: true, uri: true, version: true, localRuntime: true } }),
    db.imageBuild.findMany({ orderBy: { createdAt: "desc" }, take: 50, distinct: ["contextDigest"], select: { id: true, imageUri: true, contextDigest: true, contextFiles: true, createdAt: true } }),
  ]);
  const contexts = images.flatMap((image) => {
    const runtime = LocalRuntime.nullable().catch(null).parse(image.localRuntime);
    return runtime?.kind === "custom" ? [{ id: image.id, uri: image.uri, version: image.version, files: runtime.files }] : [];
  });
  return {
    // Where each environment's builds push: its account's ECR in its region.
    environments: environments.map(({ accountId, ...e }) => ({ ...e, registry: registryOf({ accountId, region: e.region }) })),
    imageContexts: contexts,
    buildContexts: builds,
    knownImages: (await db.image.findMany({ select: { uri: true }, take: 1000 })).map((i) => i.uri),
  };
}
export type BuildFormChoices = Awaited<ReturnType<typeof buildFormChoices>>;
