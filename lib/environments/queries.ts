import "server-only";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { defineQuery } from "@/lib/commands/query";
import { AppError } from "@/lib/commands/errors";
import { idField } from "@/lib/validation/fields";
import { checkEnvironment } from "./check";

export function listEnvironmentsForAdmin(db: PrismaClient) {
  return db.environment.findMany({
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      kind: true,
      region: true,
      accountId: true,
      stateMachineRoleArn: true,
      sagemakerRoleArn: true,
      bucket: true,
      endpointOverride: true,
      accessRoleArn: true,
      externalId: true,
      requireParity: true,
      _count: { select: { deployments: { where: { status: "LIVE" } } } },
    },
  });
}
export type AdminEnvironment = Awaited<ReturnType<typeof listEnvironmentsForAdmin>>[number];

/** A dry run against the environment; an admin's tool, so it needs environments:manage. */
export const checkEnvironmentQuery = defineQuery({
  permission: "environments:manage",
  input: z.object({ environmentId: idField("Environment") }),
  run: async ({ db, input, actor }) => {
    const environment = await db.environment.findUnique({ where: { id: input.environmentId } });
    if (!environment) throw new AppError("NOT_FOUND", "That environment no longer exists.");
    return checkEnvironment(environment, actor);
  },
});
