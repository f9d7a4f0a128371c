"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

const REFRESH_MS = 3_000;

/**
 * Work a worker does for this page (a parity run, a deploy): the page re-reads PostgreSQL every few seconds
 * until the outcome is written, whichever app instance answers.
 */
export function WorkerProgress({ label }: { label: string }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [router]);
  return (
    <p role="status" className="flex items-center gap-2 text-sm text-sky-800">
      <span className="inline-block h-2 w-2 animate-pulse rounded-full bg-sky-600" aria-hidden />
      {label}
    </p>
  );
}
