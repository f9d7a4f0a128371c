"use client";

import { useQuery } from "@tanstack/react-query";
import { bulkProgressAction } from "@/app/(app)/models/import/actions";

/** The server's account of a running import, polled twice a second while it runs and not at all otherwise. */
export function useBulkProgress(importId: string | null) {
  return useQuery({
    queryKey: ["bulk-import-progress", importId],
    queryFn: async () => {
      const result = await bulkProgressAction({ importId: importId ?? "" });
      return result.ok ? result.data : null;
    },
    enabled: importId !== null,
    refetchInterval: 500,
    staleTime: 0,
  });
}
