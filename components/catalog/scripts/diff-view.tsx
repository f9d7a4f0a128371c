import type { DiffPart } from "@/lib/catalog/scripts/queries";

const STYLE: Record<DiffPart["kind"], { className: string; sign: string }> = {
  added: { className: "bg-emerald-50 text-emerald-900", sign: "+" },
  removed: { className: "bg-rose-50 text-rose-900", sign: "-" },
  same: { className: "text-slate-600", sign: " " },
};

export function DiffView({ parts, label }: { parts: DiffPart[]; label: string }) {
  if (parts.every((p) => p.kind === "same")) return <p className="text-sm text-slate-600">The two versions are identical.</p>;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white" aria-label={label}>
      <pre className="py-2 text-xs leading-5">
        {parts.flatMap((part, i) =>
          part.text
            .replace(/\n$/, "")
            .split("\n")
            .map((line, j) => (
              <div key={`${i}-${j}`} className={`px-3 ${STYLE[part.kind].className}`}>
                {STYLE[part.kind].sign} {line}
              </div>
            )),
        )}
      </pre>
    </div>
  );
}
