"use client";

import { X } from "lucide-react";

/** The small "remove this row" button of list editors; its label says which row. */
export function RowButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" aria-label={label} title={label} onClick={onClick} className="mt-5 rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-red-700">
      <X className="h-4 w-4" aria-hidden />
    </button>
  );
}
