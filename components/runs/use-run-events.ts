"use client";

import { useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/** Pages that list runs (server-rendered): refreshed when runs change, at most this often. */
const LIST_PAGES = /^\/(runs|models(\/[^/]+)?|deployments\/[^/]+)?\/?$/;
const LIST_REFRESH_MS = 3_000;

/**
 * One live stream of run changes per tab (`/api/runs/events`, PostgreSQL LISTEN/NOTIFY behind it): a change
 * invalidates that run's queries (the monitor refetches from the catalog) and refreshes a page that lists runs,
 * so no page polls AWS or the catalog on a fast timer. Mounted once, in the providers. The browser's
 * EventSource reconnects by itself; pages keep a slow fallback poll for the time it is away.
 */
export function useRunEvents(): void {
  const queries = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const path = useRef(pathname);
  useEffect(() => {
    path.current = pathname;
  }, [pathname]);

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/api/runs/events");
    let refreshDue: ReturnType<typeof setTimeout> | null = null;
    const onRun = (event: MessageEvent<string>) => {
      const change = parse(event.data);
      if (!change) return;
      void queries.invalidateQueries({ queryKey: ["run", change.run] });
      if (!LIST_PAGES.test(path.current) || refreshDue) return;
      refreshDue = setTimeout(() => {
        refreshDue = null;
        if (document.visibilityState === "visible") router.refresh();
      }, LIST_REFRESH_MS);
    };
    source.addEventListener("run", onRun);
    return () => {
      source.removeEventListener("run", onRun);
      source.close();
      if (refreshDue) clearTimeout(refreshDue);
    };
  }, [queries, router]);
}

function parse(data: string): { run: string } | null {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === "object" && value !== null && typeof (value as { run?: unknown }).run === "string" ? (value as { run: string }) : null;
  } catch {
    return null;
  }
}
