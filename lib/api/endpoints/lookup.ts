import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { AppError } from "@/lib/commands/errors";

/** A model or pipeline named in a path by id or by its unique name (slug), as people and scripts know it. */
export const IdOrName = (what: string) => z.string().min(1).max(120).meta({ description: `The ${what}'s id or its unique name` });

const isUuid = (value: string) => z.uuid().safeParse(value).success;

export async function modelIdOf(db: PrismaClient, value: string): Promise<string> {
  const model = await db.model.findFirst({ where: isUuid(value) ? { id: value } : { slug: value.toLowerCase() }, select: { id: true } });
  if (!model) throw new AppError("NOT_FOUND", `There is no model ${value}.`);
  return model.id;
}

export async function pipelineIdOf(db: PrismaClient, value: string): Promise<string> {
  const pipeline = await db.pipeline.findFirst({ where: isUuid(value) ? { id: value } : { name: value }, select: { id: true } });
  if (!pipeline) throw new AppError("NOT_FOUND", `There is no pipeline ${value}.`);
  return pipeline.id;
}
