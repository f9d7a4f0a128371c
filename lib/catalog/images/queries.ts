import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import { LocalRuntime } from "./commands";

/** Image versions an approved, deploying or live deployment binds (those are replaced only by a new version). */
async function boundVersions(db: PrismaClient): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ image_id: string | null; version: number | null }[]>`
    SELECT DISTINCT img->>'imageId' AS image_id, (img->>'version')::int AS version
    FROM deployments d CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(d.artifacts->'images') = 'array' THEN d.artifacts->'images' ELSE '[]'::jsonb END) img
    WHERE d.status IN ('APPROVED', 'DEPLOYING', 'LIVE')`;
  return new Set(rows.map((r) => `${r.image_id}/${r.version}`));
}

/** The images page: every image with the models that use it (a few named, all counted) and whether an approval binds it. */
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
      version: true,
      verifiedAt: true,
      createdAt: true,
      owner: { select: { id: true, name: true } },
      models: { select: { slug: true }, orderBy: { slug: "asc" }, take: 5 },
      scriptModels: { select: { slug: true }, orderBy: { slug: "asc" }, take: 5 },
      _count: { select: { models: true, scriptModels: true } },
    },
  });
  const bound = await boundVersions(db);
  return images.map(({ models, scriptModels, _count, localRuntime, ...image }) => ({
    ...image,
    bound: bound.has(`${image.id}/${image.version}`),
    localRuntime: LocalRuntime.nullable().catch(null).parse(localRuntime),
    usedBy: [...new Set([...models, ...scriptModels].map((m) => m.slug))].sort().slice(0, 5),
    useCount: _count.models + _count.scriptModels,
  }));
}

export type ImageRow = Awaited<ReturnType<typeof listImages>>[number];
