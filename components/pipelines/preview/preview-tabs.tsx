"use client";

import { useId, useState, type ReactNode } from "react";

export type PreviewTab = { id: string; label: string; content: ReactNode };

/** Accessible tabs (role=tab / tabpanel); only the selected panel is rendered. */
export function PreviewTabs({ tabs, label }: { tabs: readonly PreviewTab[]; label: string }) {
  const [selected, setSelected] = useState(tabs[0]?.id);
  const base = useId();
  const current = tabs.find((t) => t.id === selected) ?? tabs[0];
  return (
    <div className="space-y-3">
      <div role="tablist" aria-label={label} className="flex gap-1 border-b border-slate-200">
        {tabs.map((tab) => {
          const active = tab.id === current?.id;
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={`${base}-${tab.id}-tab`}
              aria-selected={active}
              aria-controls={`${base}-${tab.id}-panel`}
              onClick={() => setSelected(tab.id)}
              className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${active ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {current && (
        <div role="tabpanel" id={`${base}-${current.id}-panel`} aria-labelledby={`${base}-${current.id}-tab`}>
          {current.content}
        </div>
      )}
    </div>
  );
}
