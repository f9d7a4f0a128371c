"use client";

import type { BulkProgress } from "@/lib/catalog/bulk/progress";

function describe(progress: BulkProgress | null | undefined, sizeMb: string): { label: string; percent: number | null } {
  // Until the server has the whole body it has nothing to report: the browser is still sending the file.
  if (!progress) return { label: `Sending the file (${sizeMb})…`, percent: null };
  switch (progress.stage) {
    case "queued":
      return { label: `Queued: ${progress.total.toLocaleString("en")} models wait for a worker…`, percent: null };
    case "validating":
      return { label: "Checking every row and file…", percent: null };
    case "uploading":
      return { label: `Storing scripts: ${progress.done} of ${progress.total}`, percent: progress.total ? (100 * progress.done) / progress.total : 100 };
    case "writing":
      return { label: `Writing ${progress.total.toLocaleString("en")} models in one transaction…`, percent: null };
    case "done":
      return { label: "Done", percent: 100 };
    case "failed":
      return { label: "Failed", percent: null };
  }
}

export function ProgressBar({ progress, sizeBytes }: { progress: BulkProgress | null | undefined; sizeBytes: number }) {
  const { label, percent } = describe(progress, `${(sizeBytes / 1024 / 1024).toFixed(1)} MB`);
  return (
    <div role="status" aria-live="polite" className="space-y-1 rounded-xl border border-slate-200 bg-white p-4">
      <p className="text-sm font-medium" data-testid="bulk-progress">
        {label}
      </p>
      <div className="h-2 overflow-hidden rounded bg-slate-100">
        <div className={`h-full bg-brand-600 ${percent === null ? "w-1/3 animate-pulse" : ""}`} style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
    </div>
  );
}
