"use client";

import { useQuery } from "@tanstack/react-query";
import type { PipelineDraft } from "@/lib/pipelines/draft";
import { checkDraftAction } from "@/app/(app)/pipelines/actions";
import { useDebounced } from "@/components/ui/use-debounced";

/**
 * asl-validator's problems with the draft being edited, asked of the server 400 ms after typing stops.
 * `draft` is null while zod already refuses it: there is nothing worth generating yet.
 */
export function useAslProblems(name: string, draft: PipelineDraft | null) {
  const settled = useDebounced(draft, 400);
  const key = settled ? JSON.stringify(settled) : null;
  return useQuery({
    queryKey: ["pipelines", "asl-problems", name, key],
    enabled: settled !== null,
    staleTime: Infinity,
    queryFn: async () => {
      if (!settled) return [];
      const result = await checkDraftAction({ name, draft: settled });
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
  });
}
