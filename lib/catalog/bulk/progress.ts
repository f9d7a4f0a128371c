/**
 * How far a running import is, kept in the server's memory and polled by the import page. Ferry runs one
 * Next.js server per deployment; with several, a poll may land elsewhere and show nothing, which only costs
 * the progress bar (the import itself is unaffected).
 */
export type BulkStage = "validating" | "uploading" | "writing" | "done" | "failed";
export type BulkProgress = { stage: BulkStage; done: number; total: number; updatedAt: number };

const KEEP_MS = 10 * 60_000;
const store = ((globalThis as { __ferryBulkProgress?: Map<string, BulkProgress> }).__ferryBulkProgress ??= new Map());

// Keyed by the caller too, so one user cannot read another's progress by guessing an id.
const key = (actorId: string, importId: string) => `${actorId}:${importId}`;

export function reportProgress(actorId: string, importId: string, stage: BulkStage, done = 0, total = 0): void {
  const now = Date.now();
  for (const [k, v] of store) if (now - v.updatedAt > KEEP_MS) store.delete(k);
  store.set(key(actorId, importId), { stage, done, total, updatedAt: now });
}

export function readProgress(actorId: string, importId: string): BulkProgress | null {
  return store.get(key(actorId, importId)) ?? null;
}
