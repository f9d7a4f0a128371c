import "server-only";
import { z } from "zod";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { toCsv } from "./csv";

// URL params arrive as strings, and an empty form field as "": both mean "no filter".
const blank = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());
const moment = (label: string) => z.coerce.date({ error: `${label} must be a date` });

/** What /admin/audit shows, exactly as its URL says (so a view can be shared and exported as is). */
export const AuditFilters = z.object({
  /** Email, or part of it. */
  actor: blank(z.string().trim().max(254, "Actor is at most 254 characters")),
  /** An action ("deployments.approve") or its domain ("deployments"). */
  action: blank(z.string().trim().regex(/^[a-z_.]{1,80}$/, "Action is lower-case words and dots, e.g. deployments.approve")),
  targetType: blank(z.string().trim().regex(/^[a-z_]{1,40}$/, "Target type is a lower-case word, e.g. deployment")),
  targetId: blank(z.string().trim().max(100, "Target id is at most 100 characters")),
  from: blank(moment("From")),
  to: blank(moment("To")),
  /** The id of the last row of the previous page. */
  before: blank(z.coerce.bigint({ error: "Page cursor must be a number" })),
});
export type AuditFilters = z.output<typeof AuditFilters>;

/** A URL's params → filters; a param that does not parse is dropped rather than failing the page. */
export function parseAuditFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  const flat = Object.fromEntries(Object.entries(params).flatMap(([k, v]) => (k in AuditFilters.shape && v !== undefined ? [[k, Array.isArray(v) ? v[0] : v]] : [])));
  const parsed = AuditFilters.safeParse(flat);
  if (parsed.success) return parsed.data;
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  return AuditFilters.parse(Object.fromEntries(Object.entries(flat).filter(([k]) => !bad.has(k))));
}

function where(f: AuditFilters): Prisma.AuditEventWhereInput {
  return {
    ...(f.actor ? { actorEmail: { contains: f.actor, mode: "insensitive" } } : {}),
    ...(f.action ? (f.action.includes(".") ? { action: f.action } : { action: { startsWith: `${f.action}.` } }) : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.targetId ? { targetId: f.targetId } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
    ...(f.before ? { id: { lt: f.before } } : {}),
  };
}

const SELECT = { id: true, createdAt: true, actorEmail: true, action: true, targetType: true, targetId: true, summary: true, details: true } as const;

/** Newest first, keyset-paged on id (audit ids only grow). */
export async function listAuditEvents(db: PrismaClient, filters: AuditFilters, take = 100) {
  const rows = await db.auditEvent.findMany({ where: where(filters), orderBy: { id: "desc" }, take: take + 1, select: SELECT });
  const page = rows.slice(0, take);
  return { rows: page, nextBefore: rows.length > take ? (page.at(-1)?.id.toString() ?? null) : null };
}
export type AuditRow = Awaited<ReturnType<typeof listAuditEvents>>["rows"][number];

export const EXPORT_LIMIT = 50_000;

/** The filtered trail as CSV, newest first, capped so one export cannot exhaust the server. */
export async function auditTrailCsv(db: PrismaClient, filters: AuditFilters): Promise<string> {
  const rows = await db.auditEvent.findMany({ where: where(filters), orderBy: { id: "desc" }, take: EXPORT_LIMIT, select: SELECT });
  return toCsv(
    ["id", "time", "actor", "action", "target_type", "target_id", "summary", "details"],
    rows.map((r) => [r.id.toString(), r.createdAt, r.actorEmail, r.action, r.targetType, r.targetId, r.summary, r.details]),
  );
}
