"use client";

import { useId, useState, type ReactNode } from "react";

/**
 * Filters folded behind a button on small screens (a list's rows matter more than its filters at 390 px),
 * always open from `md` up. `active` counts the filters in use, so a folded set still says it filters.
 */
export function FilterFold({ active, children }: { active: number; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        className="mb-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 md:hidden"
      >
        {open ? "Hide filters" : "Filters"}
        {active > 0 && ` (${active} in use)`}
      </button>
      <div id={id} className={open ? "block" : "hidden md:block"}>
        {children}
      </div>
    </div>
  );
}
