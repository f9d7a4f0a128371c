"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { toast } from "sonner";
import type { Result } from "@/lib/commands/errors";

const POLL_MS = 1_000;

/** Work with items, done when none is pending. */
export const nothingPending = (progress: { pending: number }) => progress.pending === 0;

/**
 * Follows work queued for the workers (a bulk start, a bulk run action, a bulk lift) in PostgreSQL, whichever app
 * instance answers, every second until `isDone` says so; then `onDone` once. A refused read is said in a toast and
 * ends the following (the page's own state stays as it was last read).
 */
export function useJobProgress<Progress>(id: string | null, read: (id: string) => Promise<Result<Progress>>, isDone: (progress: Progress) => boolean, onDone: (progress: Progress) => void) {
  const { data, error } = useQuery({
    queryKey: ["job-progress", id],
    queryFn: async () => {
      const result = await read(id ?? "");
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    enabled: id !== null,
    retry: false,
    refetchInterval: (query) => (query.state.status === "error" || (query.state.data !== undefined && isDone(query.state.data)) ? false : POLL_MS),
  });
  const finished = useRef<string | null>(null);
  useEffect(() => {
    if (error) toast.error(error.message);
  }, [error]);
  useEffect(() => {
    if (id === null || data === undefined || !isDone(data) || finished.current === id) return;
    finished.current = id;
    onDone(data);
    // isDone and onDone are fresh closures each render; what matters is calling onDone once per piece of work.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, data]);
  return data ?? null;
}
