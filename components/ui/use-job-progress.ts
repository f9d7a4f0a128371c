"use client";

import { useEffect, useState } from "react";
import { toast } from "sonner";
import type { Result } from "@/lib/commands/errors";

const POLL_MS = 1_000;

/** Work with items, done when none is pending. */
export const nothingPending = (progress: { pending: number }) => progress.pending === 0;

/**
 * Follows work queued for the workers (a bulk start, a bulk run action, a bulk lift) in PostgreSQL, whichever app
 * instance answers, until `isDone` says so; then `onDone` once.
 */
export function useJobProgress<Progress>(id: string | null, read: (id: string) => Promise<Result<Progress>>, isDone: (progress: Progress) => boolean, onDone: (progress: Progress) => void) {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    if (!id) return;
    let stopped = false;
    const poll = async () => {
      const result = await read(id);
      if (stopped) return;
      if (!result.ok) return void toast.error(result.error);
      setProgress(result.data);
      if (isDone(result.data)) onDone(result.data);
      else setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
    };
    // read, isDone and onDone are fresh closures each render; following one piece of work per id is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  return progress;
}
