"use client";

import { bulkProgressAction } from "@/app/(app)/models/import/actions";
import { useJobProgress } from "@/components/ui/use-job-progress";
import type { BulkProgress } from "@/lib/catalog/bulk/progress";

const finished = (progress: BulkProgress | null) => progress?.stage === "done" || progress?.stage === "failed";

/** The server's account of a queued import, polled while a worker imports it; `onFinished` gets its summary or its error. */
export function useBulkProgress(importId: string | null, onFinished: (progress: BulkProgress) => void) {
  return useJobProgress(importId, (id) => bulkProgressAction({ importId: id }), finished, (progress) => progress && onFinished(progress));
}
