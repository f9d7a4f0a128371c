import type { ReactNode } from "react";

/**
 * Ferry's list tables: one card, one header style, one row separator. Pass the rows as children (`<tr>`s);
 * `label` names the table for screen readers and tests.
 */
export function DataTable({ columns, label, testId, children }: { columns: readonly ReactNode[]; label?: string; testId?: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table aria-label={label} data-testid={testId} className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((column, index) => (
              <th key={index} className="px-4 py-2 font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
