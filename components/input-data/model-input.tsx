"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { DropZone, pathOf } from "@/components/ui/drop-zone";
import { useAction } from "@/components/ui/use-action";
import { postUpload } from "@/lib/http/upload-client";
import type { uploadModelInput } from "@/lib/catalog/input-data";
import { INPUT_LIMITS } from "@/lib/catalog/input-limits";
import { CsvPager } from "./csv-pager";

type Listing = { bucket: string; root: string; prefix: string; objects: { key: string; sizeBytes: number }[]; folders: string[] };
type Uploaded = Awaited<ReturnType<typeof uploadModelInput>>;

async function getListing(url: string): Promise<Listing> {
  const response = await fetch(url);
  const body = (await response.json()) as Listing & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}

/** Streams the files to the model's input route, into the folder being browsed. */
function uploadInput({ modelId, folder, files }: { modelId: string; folder: string; files: File[] }) {
  const form = new FormData();
  form.set("folder", folder);
  for (const file of files) form.append("files", file, pathOf(file));
  return postUpload<Uploaded>(`/api/catalog/models/${encodeURIComponent(modelId)}/input`, form);
}

/**
 * The model's input prefix in embedded mode: folders to open, files with their sizes, a paged CSV preview and,
 * for those who may edit the model, an upload into the folder being browsed.
 */
export function ModelInput({ modelId, canUpload }: { modelId: string; canUpload: boolean }) {
  const [prefix, setPrefix] = useState<string | null>(null);
  const [previewKey, setPreviewKey] = useState<string | null>(null);
  const queries = useQueryClient();
  const { run, pending } = useAction(uploadInput);
  const listing = useQuery({
    queryKey: ["model-input", modelId, prefix],
    queryFn: () => getListing(`/api/catalog/models/${modelId}/input${prefix ? `?${new URLSearchParams({ prefix })}` : ""}`),
    retry: false,
  });
  if (listing.isPending) return <p className="text-sm text-slate-500">Listing the input data…</p>;
  if (listing.isError) return <p className="text-sm text-slate-700">{listing.error.message}</p>;
  const data = listing.data;
  const relative = (key: string) => key.slice(data.root.length);
  const parent = data.prefix !== data.root ? data.prefix.replace(/[^/]+\/$/, "") : null;
  return (
    <div className="space-y-3" data-testid="model-input">
      <p className="break-all font-mono text-xs text-slate-600">
        s3://{data.bucket}/{data.prefix}
      </p>
      {data.folders.length === 0 && data.objects.length === 0 && <p className="text-sm text-slate-600">No input data here yet.</p>}
      <ul className="divide-y divide-slate-100 text-sm" aria-label="Input files">
        {parent !== null && (
          <li className="py-1">
            <button type="button" className="text-brand-700 hover:underline" onClick={() => setPrefix(parent)}>
              ../
            </button>
          </li>
        )}
        {data.folders.map((folder) => (
          <li key={folder} className="py-1">
            <button type="button" className="text-brand-700 hover:underline" onClick={() => setPrefix(folder)}>
              {relative(folder)}
            </button>
          </li>
        ))}
        {data.objects.map((object) => (
          <li key={object.key} className="flex items-center gap-3 py-1">
            <span className="flex-1 break-all font-mono text-xs">{relative(object.key)}</span>
            <span className="text-xs text-slate-600">{object.sizeBytes.toLocaleString("en")} B</span>
            {/\.(csv|tsv|txt)$/i.test(object.key) && (
              <button type="button" className="text-xs text-brand-700 hover:underline" onClick={() => setPreviewKey(object.key)}>
                Preview {relative(object.key)}
              </button>
            )}
          </li>
        ))}
      </ul>
      {previewKey && <CsvPager key={previewKey} modelId={modelId} fileKey={previewKey} />}
      {canUpload && (
        <DropZone
          label="Upload input data"
          hint={`Into the folder shown above: up to ${INPUT_LIMITS.files} files, ${INPUT_LIMITS.fileBytes / 1_000_000} MB each, ${INPUT_LIMITS.totalBytes / 1_000_000} MB in all.`}
          multiple
          disabled={pending}
          onFiles={async (files) => {
            const result = await run({ modelId, folder: relative(data.prefix).replace(/\/$/, ""), files }, (r) => `Uploaded ${r.uploaded.length} file${r.uploaded.length === 1 ? "" : "s"}`);
            if (result.ok) await queries.invalidateQueries({ queryKey: ["model-input", modelId] });
          }}
        />
      )}
    </div>
  );
}
