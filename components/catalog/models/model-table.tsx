"use client";

import Link from "next/link";
import { useState } from "react";
import { STATUS_LABELS, type ModelStatusValue } from "@/lib/catalog/models/fields";
import { downloadCsv } from "@/components/ui/csv-download";
import { RunModelsButton } from "@/components/runs/run-models-button";
import { StatusBadge } from "./status-badge";
import { DataTable } from "@/components/ui/data-table";

export type ModelRow = {
  id: string;
  slug: string;
  displayName: string;
  team: string;
  tags: string[];
  status: ModelStatusValue;
  updatedAt: string;
  owner: { name: string };
  image: { uri: string } | null;
};

const CSV_HEADER = ["slug", "display_name", "team", "owner", "status", "tags", "image", "updated_at"] as const;

function exportCsv(rows: readonly ModelRow[]) {
  const cells = rows.map((r) => [r.slug, r.displayName, r.team, r.owner.name, STATUS_LABELS[r.status], r.tags.join(", "), r.image?.uri ?? "", r.updatedAt]);
  downloadCsv(`ferry-models-${new Date().toISOString().slice(0, 10)}.csv`, CSV_HEADER, cells);
}

/** One page of models with a selection: run the selected models, or export them as CSV. */
export function ModelTable({ rows }: { rows: ModelRow[] }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const chosen = rows.filter((r) => selected.has(r.id));
  const all = rows.length > 0 && rows.every((r) => selected.has(r.id));
  function toggle(id: string) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }
  return (
    <div className="space-y-2">
      {chosen.length > 0 && (
        <div role="toolbar" aria-label="Bulk actions" className="flex flex-wrap items-center gap-3 rounded-lg bg-brand-50 px-3 py-2 text-sm">
          <span>{chosen.length} selected</span>
          {/* Everyone who can see this list holds runs:start; the server checks it again for each model. */}
          <RunModelsButton models={chosen} />
          <button type="button" onClick={() => exportCsv(chosen)} className="rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50">
            Export CSV
          </button>
          <button type="button" onClick={() => setSelected(new Set())} className="text-brand-700 underline">
            Clear selection
          </button>
        </div>
      )}
      <DataTable
        columns={[
          <input key="all" type="checkbox" aria-label="Select all on this page" checked={all} onChange={() => setSelected(all ? new Set() : new Set(rows.map((r) => r.id)))} />,
          "Model",
          "Team",
          "Owner",
          "Status",
          "Tags",
          "Updated",
        ]}
        label="Models"
      >
            {rows.map((row) => (
              <tr key={row.id} data-testid="model-row">
                <td className="px-3 py-2">
                  <input type="checkbox" aria-label={`Select ${row.slug}`} checked={selected.has(row.id)} onChange={() => toggle(row.id)} />
                </td>
                <td className="px-3 py-2">
                  <Link href={`/models/${row.slug}`} className="font-medium text-brand-700 underline">
                    {row.displayName}
                  </Link>
                  <div className="font-mono text-xs text-slate-500">{row.slug}</div>
                </td>
                <td className="px-3 py-2">{row.team}</td>
                <td className="px-3 py-2">{row.owner.name}</td>
                <td className="px-3 py-2">
                  <StatusBadge status={row.status} />
                </td>
                <td className="px-3 py-2">
                  {row.tags.map((t) => (
                    <Link key={t} href={`/models?tag=${encodeURIComponent(t)}`} className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                      {t}
                    </Link>
                  ))}
                </td>
                <td className="px-3 py-2 text-slate-600">{row.updatedAt.slice(0, 10)}</td>
              </tr>
            ))}
      </DataTable>
    </div>
  );
}
