"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useRunEvents } from "./runs/use-run-events";

export function Providers({ children }: { children: ReactNode }) {
  // One client per browser tab; run changes arrive by one event stream, pages keep only slow fallback polls.
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1 } } }));
  return (
    <QueryClientProvider client={client}>
      <RunEvents />
      {children}
    </QueryClientProvider>
  );
}

/** The tab's one stream of run changes (it needs the query client above it). */
function RunEvents() {
  useRunEvents();
  return null;
}
