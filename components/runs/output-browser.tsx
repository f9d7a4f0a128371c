"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

type Listing = { bucket: string; root: string; prefix: string; objects: { key: string; sizeBytes: number }[]; folders: string[] };
type Preview = { name: string; rows: string[][] | null; text: string };

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}

/** The run's output prefix: folders to open, files to download, and the head of a CSV. */
/** `progress` (the run's and its steps' statuses) is in the query key: steps upload outputs when they end, so progress means a new listing. */
export function OutputBrowser({ runId, progress }: { runId: string; progress: string }) {
  const [prefix, setPrefix] = useState<string | null>(null);
  const [previewKey, setPreviewKey] = useState<string | null>(null);
  const listing = useQuery({
    queryKey: ["run-outputs", runId, progress, prefix],
    queryFn: () => getJson<Listing>(`/api/runs/${runId}/outputs${prefix ? `?prefix=${encodeURIComponent(prefix)}` : ""}`),
  });
  const preview = useQuery({
    queryKey: ["run-output-preview", runId, previewKey],
    queryFn: () => getJson<Preview>(`/api/runs/${runId}/outputs/preview?key=${encodeURIComponent(previewKey ?? "")}`),
    enabled: previewKey !== null,
  });
  if (listing.isPending) return <p className="text-sm text-slate-500">Listing outputs…</p>;
  if (listing.isError) return <p className="text-sm text-red-700">The outputs could not be listed: {listing.error.message}</p>;
  const data = listing.data;
  const parent = data.prefix !== data.root ? data.prefix.replace(/[^/]+\/$/, "") : null;
  const relative = (key: string) => key.slice(data.root.length);
  return (
    <div className="space-y-3" data-testid="output-browser">
      <p className="break-all font-mono text-xs text-slate-600">
        s3://{data.bucket}/{data.prefix}
      </p>
      {data.folders.length === 0 && data.objects.length === 0 && <p className="text-sm text-slate-600">Nothing here yet. Steps upload their outputs when they finish.</p>}
      <ul className="divide-y divide-slate-100 text-sm">
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
            <span className="text-xs text-slate-500">{object.sizeBytes.toLocaleString("en")} B</span>
            {/\.(csv|txt|json|log)$/i.test(object.key) && (
              <button type="button" className="text-xs text-brand-700 hover:underline" onClick={() => setPreviewKey(object.key)}>
                Preview
              </button>
            )}
            <a className="text-xs text-brand-700 hover:underline" href={`/api/runs/${runId}/outputs/object?key=${encodeURIComponent(object.key)}`} download>
              Download
            </a>
          </li>
        ))}
      </ul>
      {previewKey && (
        <div className="overflow-x-auto rounded-md border border-slate-200 p-3">
          {preview.isPending && <p className="text-xs text-slate-500">Reading…</p>}
          {preview.isError && <p className="text-xs text-red-700">{preview.error.message}</p>}
          {preview.data?.rows ? (
            <table className="w-full text-left font-mono text-xs" aria-label={`Preview of ${preview.data.name}`}>
              <tbody className="divide-y divide-slate-100">
                {preview.data.rows.map((row, i) => (
                  <tr key={i} className={i === 0 ? "font-semibold" : ""}>
                    {row.map((cell, j) => (
                      <td key={j} className="px-2 py-0.5">
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            preview.data && <pre className="max-h-60 overflow-auto font-mono text-xs">{preview.data.text}</pre>
          )}
        </div>
      )}
    </div>
  );
}
