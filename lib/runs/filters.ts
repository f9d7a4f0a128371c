import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { FAILURE_STATUSES, RUN_STATUSES } from "./status";

const optionalId = z.uuid().optional().catch(undefined);
const optionalDate = z.iso.datetime({ offset: true }).or(z.iso.date()).optional().catch(undefined);
/** One status, or several separated by commas ("FAILED,TIMED_OUT": what "Redrive all failed" takes). */
const statusList = z
  .string()
  .max(200)
  .transform((value) => [...new Set(value.split(","))])
  .pipe(z.array(z.enum(RUN_STATUSES)).min(1))
  .optional()
  .catch(undefined);

/**
 * The runs list's filters, read from the URL: anything malformed is dropped rather than refused, so a
 * shared link with a stale value still opens the list.
 */
export const RunFilters = z.object({
  status: statusList,
  modelId: optionalId,
  pipelineId: optionalId,
  environmentId: optionalId,
  deploymentId: optionalId,
  from: optionalDate,
  to: optionalDate,
  failureGroup: z.string().trim().min(1).max(240).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});
export type RunFilters = z.infer<typeof RunFilters>;

export function filtersFromSearchParams(params: Record<string, string | string[] | undefined>): RunFilters {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]).filter(([, v]) => v !== undefined && v !== ""));
  return RunFilters.parse(flat);
}

/** A date-only "to" (the form's date input) means up to the end of that day. */
function endOf(to: string): Date {
  return new Date(to.length === 10 ? Date.parse(`${to}T00:00:00Z`) + 86_400_000 : Date.parse(to) + 1);
}

export function runWhere(filters: RunFilters): Prisma.RunWhereInput {
  return {
    ...(filters.status ? { status: { in: filters.status } } : {}),
    ...(filters.modelId ? { modelId: filters.modelId } : {}),
    ...(filters.environmentId ? { environmentId: filters.environmentId } : {}),
    ...(filters.deploymentId ? { deploymentId: filters.deploymentId } : {}),
    ...(filters.pipelineId ? { pipelineVersion: { pipelineId: filters.pipelineId } } : {}),
    ...(filters.failureGroup ? { failureGroup: filters.failureGroup } : {}),
    ...(filters.from || filters.to
      ? { createdAt: { ...(filters.from ? { gte: new Date(filters.from) } : {}), ...(filters.to ? { lt: endOf(filters.to) } : {}) } }
      : {}),
  };
}

/** Keyset cursor: the last row's (created_at, id), opaque to the URL. */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (!id || !z.uuid().safeParse(id).success || Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id };
}

/** The filters as URL search params (without the cursor), for links and bulk actions. */
export function filtersToSearch(filters: RunFilters, extra: Record<string, string> = {}): string {
  const flat = { ...filters, status: filters.status?.join(","), cursor: undefined, ...extra };
  const entries = Object.entries(flat).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "");
  return new URLSearchParams(entries).toString();
}

/**
 * The filters narrowed to failed runs, for "Redrive all failed" (stopped runs are not failures, and a run
 * whose failed steps were caught succeeded), or null when the filters leave none to redrive.
 */
export function failedOnly(filters: RunFilters): RunFilters | null {
  const status = (filters.status ?? FAILURE_STATUSES).filter((s) => (FAILURE_STATUSES as readonly string[]).includes(s));
  return status.length ? { ...filters, status } : null;
}
