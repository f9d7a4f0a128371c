import { z } from "zod";
import { defineCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { buildTarget } from "@/lib/commands/object-access";
import { idField } from "@/lib/validation/fields";

/**
 * The intent to stop a build, recorded before any AWS call: the build's job, which looks at it every few seconds,
 * stops it in CodeBuild (or, while it is still queued, never starts it) and records it as stopped. A build that
 * finishes first keeps its outcome. Asking again changes nothing: the first stop request stands.
 */
export const stopImageBuild = defineCommand({
  name: "images.stop_build",
  permission: "catalog:write",
  input: z.object({ buildId: idField("Build") }),
  object: async ({ tx, input }) => ({ action: "build:stop", target: await buildTarget(tx, input.buildId) }),
  run: async ({ tx, input, actor }) => {
    // Locked: the job may be recording the build's outcome at this moment.
    await tx.$queryRaw`SELECT id FROM image_builds WHERE id = ${input.buildId}::uuid FOR UPDATE`;
    const build = await tx.imageBuild.findUnique({ where: { id: input.buildId }, select: { id: true, imageUri: true, status: true, stopRequestedAt: true } });
    if (!build) throw new AppError("NOT_FOUND", "That build does not exist.");
    if (build.status !== "QUEUED" && build.status !== "IN_PROGRESS") {
      throw new AppError("CONFLICT", `This build has already finished (${build.status.toLowerCase().replace("_", " ")}); there is nothing to stop.`);
    }
    if (!build.stopRequestedAt) await tx.imageBuild.update({ where: { id: build.id }, data: { stopRequestedAt: new Date(), stopRequestedById: actor.id } });
    return { result: { id: build.id }, audit: { targetType: "image_build", targetId: build.id, summary: `Stop of the build of ${build.imageUri} requested` } };
  },
});
