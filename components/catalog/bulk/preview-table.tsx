import type { BulkPreviewRow } from "@/lib/catalog/bulk/run";
import { DataTable } from "@/components/ui/data-table";

const ACTION_STYLE: Record<string, string> = {
  create: "bg-green-100 text-green-800",
  update: "bg-amber-100 text-amber-800",
  unchanged: "bg-slate-100 text-slate-600",
  error: "bg-red-100 text-red-800",
};

// Thousands of rows are fine to import but not to render; rows with errors and changes come first.
const SHOWN = 500;

function rank(row: BulkPreviewRow): number {
  if (row.errors.length > 0) return 0;
  return row.action === "unchanged" ? 2 : 1;
}

export function PreviewTable({ rows }: { rows: BulkPreviewRow[] }) {
  const ordered = [...rows].sort((a, b) => rank(a) - rank(b)).slice(0, SHOWN);
  return (
    <DataTable columns={["Source", "Slug", "Will", "Details"]} label="Preview">
          {ordered.map((row) => {
            const action = row.errors.length > 0 ? "error" : (row.action ?? "error");
            return (
              <tr key={row.label} className="border-t border-slate-100 align-top" data-testid="preview-row">
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{row.label}</td>
                <td className="px-3 py-2 font-mono text-xs">{row.slug ?? "—"}</td>
                <td className="px-3 py-2">
                  <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${ACTION_STYLE[action]}`}>{action}</span>
                </td>
                <td className="px-3 py-2">
                  {row.errors.map((e) => (
                    <p key={e} className="text-red-700">
                      {e}
                    </p>
                  ))}
                  {row.changes.length > 0 ? <p className="text-slate-700">Changes: {row.changes.join(", ")}</p> : null}
                  {row.files.length > 0 ? <p className="text-slate-500">Files: {row.files.join(", ")}</p> : null}
                  {row.warnings.map((w) => (
                    <p key={w} className="text-amber-700">
                      ⚠ {w}
                    </p>
                  ))}
                </td>
              </tr>
            );
          })}
    </DataTable>
  );
}
