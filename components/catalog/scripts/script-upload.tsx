"use client";

import { useState } from "react";
import { useAction } from "@/components/ui/use-action";
import { DropZone, pathOf } from "@/components/ui/drop-zone";
import { postUpload } from "@/lib/http/upload-client";
import type { ReadinessWarning } from "@/lib/catalog/scripts/readiness";
import { SCRIPT_LIMITS } from "@/lib/catalog/scripts/file-names";
import type { uploadScripts as uploadScriptsOperation } from "@/lib/catalog/scripts/upload";
import { ReadinessList } from "./readiness-list";

type Uploaded = { name: string; version: number; readiness: ReadinessWarning[] };
type UploadOutcome = Awaited<ReturnType<typeof uploadScriptsOperation>>;

/** Streams the files to the model's upload route (too large for a server action), each under its relative path. */
function uploadScripts({ modelId, files }: { modelId: string; files: File[] }) {
  const form = new FormData();
  for (const file of files) form.append("files", file, pathOf(file));
  return postUpload<UploadOutcome>(`/api/catalog/models/${encodeURIComponent(modelId)}/scripts`, form);
}

/**
 * Upload one or many files into a model's next code version; the readiness warnings of what was uploaded are
 * shown right away.
 */
export function ScriptUpload({ modelId }: { modelId: string }) {
  const [outcome, setOutcome] = useState<{ codeVersion: number; uploaded: Uploaded[] } | null>(null);
  const { run, pending } = useAction(uploadScripts);

  return (
    <div className="space-y-3">
      <DropZone
        label="Upload scripts"
        multiple
        hint={`.py, requirements.txt, small data and config files: up to ${SCRIPT_LIMITS.maxFiles} files, ${SCRIPT_LIMITS.maxFileBytes / 1_000_000} MB each, ${SCRIPT_LIMITS.maxTotalBytes / 1_000_000} MB in all.`}
        disabled={pending}
        onFiles={async (files) => {
          const result = await run({ modelId, files }, (r) => `Stored code version ${r.codeVersion} of ${r.slug}`);
          setOutcome(result.ok ? { codeVersion: result.data.codeVersion, uploaded: result.data.uploaded } : null);
        }}
      />
      {pending && <p className="text-sm text-slate-600">Uploading…</p>}
      {outcome && (
        <section aria-label="Readiness check" className="space-y-2">
          <h3 className="text-sm font-medium">Readiness check of code version {outcome.codeVersion}</h3>
          {outcome.uploaded.map((file) => (
            <ReadinessList key={file.name} name={`${file.name} (v${file.version})`} warnings={file.readiness} />
          ))}
        </section>
      )}
    </div>
  );
}
