import type { DiffLine } from "@/lib/diff/lines";
import { foldUnchanged } from "./diff-fold";

const LINE_STYLE: Record<DiffLine["kind"], { className: string; sign: string }> = {
  added: { className: "bg-emerald-50 text-emerald-900", sign: "+" },
  removed: { className: "bg-red-50 text-red-900", sign: "-" },
  same: { className: "text-slate-600", sign: " " },
};

/** A line diff (lib/diff/lines.ts): additions green, removals red, long unchanged runs folded. */
export function DiffView({ title, lines }: { title: string; lines: readonly DiffLine[] }) {
  const changed = lines.filter((l) => l.kind !== "same").length;
  return (
    <section aria-label={title} className="space-y-2">
      <h2 className="text-lg font-semibold">
        {title} <span className="text-sm font-normal text-slate-500">{changed ? `${changed} changed lines` : "no changes"}</span>
      </h2>
      {/* Focusable: keyboard users scroll a long diff too. */}
      <pre tabIndex={0} className="max-h-[600px] overflow-auto rounded-lg border border-slate-200 bg-white py-2 font-mono text-xs leading-relaxed">
        {foldUnchanged(lines).map((line, i) =>
          line.kind === "fold" ? (
            <div key={i} className="bg-slate-50 px-3 text-slate-600">
              ⋯ {line.count} unchanged {line.count === 1 ? "line" : "lines"}
            </div>
          ) : (
            <div key={i} data-diff={line.kind} className={`px-3 ${LINE_STYLE[line.kind].className}`}>
              {LINE_STYLE[line.kind].sign} {line.text}
            </div>
          ),
        )}
      </pre>
    </section>
  );
}
