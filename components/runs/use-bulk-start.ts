"use client";

import { bulkStartProgressAction } from "@/app/(app)/runs/actions";
import type { BulkStartProgress } from "@/lib/runs/bulk-start";
import { nothingPending, useJobProgress } from "@/components/ui/use-job-progress";

/** Follows a queued bulk start until no item is pending. */
export function useBulkStart(bulkStartId: string | null, onDone: (progress: BulkStartProgress) => void) {
  return useJobProgress(bulkStartId, (id) => bulkStartProgressAction({ bulkStartId: id }), nothingPending, onDone);
}
