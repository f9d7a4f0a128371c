"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { PREVIEW_ROWS } from "@/lib/catalog/input-limits";

type Page = { name: string; size: number; header: string[]; rows: string[][]; offset: number; nextOffset: number | null; partial: boolean };

async function getPage(url: string): Promise<Page> {
  const response = await fetch(url);
  const body = (await response.json()) as Page & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}

const kilobytes = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** A CSV read a page (50 rows) at a time from where the last page ended, saying which rows and when that is only part. */
export function CsvPager({ modelId, fileKey }: { modelId: string; fileKey: string }) {
  // Each page's starting byte: the server says where the next one starts; going back pops.
  const [offsets, setOffsets] = useState<number[]>([0]);
  const offset = offsets.at(-1) ?? 0;
  const page = useQuery({
    queryKey: ["model-input-preview", modelId, fileKey, offset],
    queryFn: () => getPage(`/api/catalog/models/${modelId}/input/preview?${new URLSearchParams({ key: fileKey, offset: String(offset) })}`),
  });
  if (page.isPending) return <p className="text-xs text-slate-500">Reading…</p>;
  if (page.isError) return <p className="text-xs text-red-700">{page.error.message}</p>;
  const { data } = page;
  const first = (offsets.length - 1) * PREVIEW_ROWS + 1;
  const last = first + data.rows.length - 1;
  return (
    <div className="space-y-2" data-testid="csv-preview">
      <p className="text-xs text-slate-700" data-testid="csv-preview-status">
        {data.rows.length === 0 ? `${data.name} has no rows.` : `Rows ${first}–${last} of ${data.name} (${kilobytes(data.size)})`}
        {data.partial ? ": showing only part of the file." : ": the whole file."}
      </p>
      <div tabIndex={0} role="region" aria-label={`Rows of ${data.name}, scrollable`} className="max-h-96 overflow-auto rounded-md border border-slate-200">
        <table aria-label={`Preview of ${data.name}`} className="w-full text-left font-mono text-xs">
          <thead className="sticky top-0 bg-slate-50">
            <tr>
              <th className="px-2 py-1 text-slate-500">#</th>
              {data.header.map((cell, i) => (
                <th key={i} className="px-2 py-1 font-semibold">
                  {cell}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.rows.map((row, i) => (
              <tr key={i}>
                <td className="px-2 py-0.5 text-slate-500">{first + i}</td>
                {row.map((cell, j) => (
                  <td key={j} className="px-2 py-0.5">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex gap-2">
        <button type="button" disabled={offsets.length === 1} onClick={() => setOffsets((o) => o.slice(0, -1))} className="rounded-md border border-slate-300 px-2 py-1 text-xs disabled:opacity-50">
          Previous rows
        </button>
        <button type="button" disabled={data.nextOffset === null} onClick={() => setOffsets((o) => (data.nextOffset === null ? o : [...o, data.nextOffset]))} className="rounded-md border border-slate-300 px-2 py-1 text-xs disabled:opacity-50">
          Next rows
        </button>
      </div>
    </div>
  );
}
