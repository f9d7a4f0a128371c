import "server-only";
import { z } from "zod";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { ModelStatusField, tagField, teamField } from "./fields";

export const MODEL_SORTS = ["updated", "name"] as const;
export type ModelSort = (typeof MODEL_SORTS)[number];

// URL search params arrive as strings, and an empty field in a GET form arrives as "": both mean "no filter".
const blankAsMissing = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

/**
 * What /models shows, exactly as its URL says it (so a view can be bookmarked and shared). Unknown values are
 * refused by zod; callers that read a user's URL use `parseModelListFilters`, which drops them instead.
 */
export const ModelListFilters = z.object({
  q: blankAsMissing(z.string().trim().max(100, "Search is at most 100 characters")),
  team: blankAsMissing(teamField),
  /** The owner's user id. */
  owner: blankAsMissing(z.uuid("Owner must be a user id")),
  status: blankAsMissing(ModelStatusField),
  /** Models that run this image in any step. */
  imageId: blankAsMissing(z.uuid("Image must be an image id")),
  tag: blankAsMissing(tagField),
  sort: blankAsMissing(z.enum(MODEL_SORTS)).transform((v) => v ?? "updated"),
  /** Opaque; the `nextCursor` of the previous page. */
  cursor: blankAsMissing(z.string().max(200)),
  limit: blankAsMissing(z.coerce.number().int().min(1).max(200)).transform((v) => v ?? 50),
});
export type ModelListFilters = z.output<typeof ModelListFilters>;
export type ModelListFiltersInput = z.input<typeof ModelListFilters>;

/** A URL's params → filters; a param that does not parse is dropped rather than failing the page. */
export function parseModelListFilters(params: Record<string, string | string[] | undefined>): ModelListFilters {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const one = Array.isArray(value) ? value[0] : value;
    if (one !== undefined && key in ModelListFilters.shape) flat[key] = one;
  }
  const parsed = ModelListFilters.safeParse(flat);
  if (parsed.success) return parsed.data;
  const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  return ModelListFilters.parse(Object.fromEntries(Object.entries(flat).filter(([key]) => !bad.has(key))));
}

const ROW_SELECT = {
  id: true,
  slug: true,
  displayName: true,
  team: true,
  tags: true,
  status: true,
  updatedAt: true,
  owner: { select: { id: true, name: true } },
  image: { select: { id: true, uri: true } },
} as const satisfies Prisma.ModelSelect;

export type ModelListRow = Prisma.ModelGetPayload<{ select: typeof ROW_SELECT }>;

// The cursor is the last row's sort key and id. It is opaque to callers (base64url JSON) and validated on the way back.
const Cursor = z.tuple([z.string().max(100), z.uuid()]);

function encodeCursor(row: ModelListRow, sort: ModelSort): string {
  const key = sort === "name" ? row.slug : row.updatedAt.toISOString();
  return Buffer.from(JSON.stringify([key, row.id])).toString("base64url");
}

function decodeCursor(cursor: string | undefined): [string, string] | null {
  if (!cursor) return null;
  try {
    const parsed = Cursor.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function after(cursor: [string, string] | null, sort: ModelSort): Prisma.ModelWhereInput {
  if (!cursor) return {};
  const [key, id] = cursor;
  // slug is unique, so it alone orders; updated_at is not, so the id breaks ties (order: updated_at DESC, id ASC).
  if (sort === "name") return { slug: { gt: key } };
  const at = new Date(key);
  if (Number.isNaN(at.getTime())) return {};
  return { OR: [{ updatedAt: { lt: at } }, { updatedAt: at, id: { gt: id } }] };
}

function matching(filters: ModelListFilters): Prisma.ModelWhereInput[] {
  const where: Prisma.ModelWhereInput[] = [];
  if (filters.team) where.push({ team: filters.team });
  if (filters.owner) where.push({ ownerId: filters.owner });
  if (filters.status) where.push({ status: filters.status });
  if (filters.imageId) where.push({ OR: [{ imageId: filters.imageId }, { scriptImageId: filters.imageId }] });
  if (filters.tag) where.push({ tags: { has: filters.tag } });
  if (filters.q) {
    // Prisma's `contains` becomes ILIKE '%q%' without escaping, so % and _ typed by a user would be wildcards.
    const q = filters.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    where.push({
      OR: [
        { slug: { contains: q, mode: "insensitive" } },
        { displayName: { contains: q, mode: "insensitive" } },
        { description: { contains: q, mode: "insensitive" } },
        { tags: { has: filters.q.toLowerCase() } },
      ],
    });
  }
  return where;
}

/**
 * The model list, one keyset page at a time: filters and search in SQL, ordered by (updated_at DESC, id) or
 * slug, which the models table indexes. `nextCursor` is null on the last page.
 */
export async function listModels(db: PrismaClient, filters: ModelListFilters): Promise<{ rows: ModelListRow[]; nextCursor: string | null }> {
  const cursor = decodeCursor(filters.cursor);
  const orderBy: Prisma.ModelOrderByWithRelationInput[] = filters.sort === "name" ? [{ slug: "asc" }] : [{ updatedAt: "desc" }, { id: "asc" }];
  const found = await db.model.findMany({
    where: { AND: [...matching(filters), after(cursor, filters.sort)] },
    orderBy,
    take: filters.limit + 1,
    select: ROW_SELECT,
  });
  const rows = found.slice(0, filters.limit);
  const last = rows.at(-1);
  return { rows, nextCursor: found.length > filters.limit && last ? encodeCursor(last, filters.sort) : null };
}
