import type { PrismaClient } from "@/generated/prisma/client";
import { LocalRuntime } from "./commands";

/** The images page: every image with the models that use it (a few named, all counted). */
export async function listImages(db: PrismaClient) {
  const images = await db.image.findMany({
    orderBy: [{ status: "asc" }, { uri: "asc" }],
    take: 500,
    select: {
      id: true,
      uri: true,
      kind: true,
      description: true,
      status: true,
      localRuntime: true,
      digest: true,
      verifiedAt: true,
      createdAt: true,
      owner: { select: { name: true } },
      models: { select: { slug: true }, orderBy: { slug: "asc" }, take: 5 },
      scriptModels: { select: { slug: true }, orderBy: { slug: "asc" }, take: 5 },
      _count: { select: { models: true, scriptModels: true } },
    },
  });
  return images.map(({ models, scriptModels, _count, localRuntime, ...image }) => ({
    ...image,
    localRuntime: LocalRuntime.nullable().catch(null).parse(localRuntime),
    usedBy: [...new Set([...models, ...scriptModels].map((m) => m.slug))].sort().slice(0, 5),
    useCount: _count.models + _count.scriptModels,
  }));
}

export type ImageRow = Awaited<ReturnType<typeof listImages>>[number];
