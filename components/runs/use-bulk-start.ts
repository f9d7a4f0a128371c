"use client";

import { useEffect, useState } from "react";
import { toast } from "sonner";
import { bulkStartProgressAction } from "@/app/(app)/runs/actions";
import type { BulkStartProgress } from "@/lib/runs/bulk-start";

const POLL_MS = 1_000;

/** Follows a queued bulk start in PostgreSQL (any app instance answers) until no item is pending. */
export function useBulkStart(bulkStartId: string | null, onDone: (progress: BulkStartProgress) => void) {
  const [progress, setProgress] = useState<BulkStartProgress | null>(null);
  useEffect(() => {
    if (!bulkStartId) return;
    let stopped = false;
    const poll = async () => {
      const result = await bulkStartProgressAction({ bulkStartId });
      if (stopped) return;
      if (!result.ok) return void toast.error(result.error);
      setProgress(result.data);
      if (result.data.pending === 0) onDone(result.data);
      else setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
    };
    // onDone is a fresh closure each render; following one bulk start per id is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bulkStartId]);
  return progress;
}
