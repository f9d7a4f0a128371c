"use client";

import { useState } from "react";
import { toast } from "sonner";
import { postUpload } from "@/lib/http/upload-client";
import type { BulkImportSummary } from "@/lib/catalog/bulk/command";
import { BULK_LIMITS, megabytes } from "@/lib/catalog/bulk/limits";
import type { BulkPreview } from "@/lib/catalog/bulk/run";
import { DropZone } from "@/components/ui/drop-zone";
import { ImportSummary } from "./import-summary";
import { PreviewTable } from "./preview-table";
import { ProgressBar } from "./progress-bar";
import { useBulkProgress } from "./use-bulk-progress";

type Step = { kind: "idle" } | { kind: "previewing"; file: File } | { kind: "preview"; file: File; preview: BulkPreview } | { kind: "importing"; file: File; importId: string } | { kind: "done"; summary: BulkImportSummary };

function formOf(file: File, importId?: string): FormData {
  const form = new FormData();
  form.set("file", file);
  if (importId) form.set("importId", importId);
  return form;
}

/** Choose → preview (every row checked, nothing written) → import with progress → summary. */
export function BulkImport() {
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const progress = useBulkProgress(step.kind === "importing" ? step.importId : null);

  async function choose(file: File) {
    // The server checks again; this only spares sending a file that cannot be accepted.
    if (file.size > BULK_LIMITS.zipBytes) {
      toast.error(`${file.name} is larger than ${megabytes(BULK_LIMITS.zipBytes)}; split it into several zips.`);
      return;
    }
    setStep({ kind: "previewing", file });
    const result = await postUpload<BulkPreview>("/api/catalog/bulk/preview", formOf(file));
    if (result.ok) setStep({ kind: "preview", file, preview: result.data });
    else {
      toast.error(result.error);
      setStep({ kind: "idle" });
    }
  }

  async function runImport(file: File) {
    const importId = crypto.randomUUID();
    setStep({ kind: "importing", file, importId });
    const result = await postUpload<BulkImportSummary>("/api/catalog/bulk/import", formOf(file, importId));
    if (result.ok) {
      toast.success("Import finished.");
      setStep({ kind: "done", summary: result.data });
    } else {
      toast.error(result.error);
      void choose(file);
    }
  }

  const busy = step.kind === "previewing" || step.kind === "importing";
  return (
    <div className="space-y-4">
      <DropZone
        label="Manifest or zip file"
        hint="Drop a manifest (.csv, .json) or a .zip of model folders here, or choose one."
        accept=".csv,.json,.zip,text/csv,application/json,application/zip"
        disabled={busy}
        onFiles={([file]) => file && void choose(file)}
      />
      {step.kind === "previewing" ? <ProgressBar progress={{ stage: "validating", done: 0, total: 0, updatedAt: 0 }} sizeBytes={step.file.size} /> : null}
      {step.kind === "importing" ? <ProgressBar progress={progress.data} sizeBytes={step.file.size} /> : null}
      {step.kind === "preview" ? <PreviewPanel file={step.file} preview={step.preview} onImport={() => void runImport(step.file)} /> : null}
      {step.kind === "done" ? <ImportSummary summary={step.summary} /> : null}
    </div>
  );
}

function PreviewPanel({ file, preview, onImport }: { file: File; preview: BulkPreview; onImport: () => void }) {
  const count = (action: string) => preview.rows.filter((r) => r.errors.length === 0 && r.action === action).length;
  return (
    <section aria-label="Preview" className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-sm" data-testid="bulk-preview-counts">
          <span className="font-medium">{file.name}</span>: {preview.rows.length} {preview.kind === "zip" ? "folders" : "rows"} — {count("create")} to create, {count("update")} to update,{" "}
          {count("unchanged")} unchanged, {preview.errorCount} with errors.
        </p>
        <button type="button" onClick={onImport} disabled={preview.errorCount > 0} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
          Import
        </button>
      </div>
      {preview.errorCount > 0 ? <p className="text-sm text-red-700">Fix the rows with errors and upload the file again; nothing is imported while any row has an error.</p> : null}
      <PreviewTable rows={preview.rows} />
    </section>
  );
}
