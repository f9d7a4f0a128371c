import type { ReadinessWarning } from "@/lib/catalog/scripts/readiness";
import { highlight, type Token } from "./highlight";

const COLOURS: Record<Token["kind"], string> = {
  keyword: "text-purple-700 font-medium",
  string: "text-emerald-700",
  comment: "text-slate-400 italic",
  number: "text-amber-700",
  builtin: "text-sky-700",
  decorator: "text-pink-700",
  text: "",
};

/** A file with line numbers; Python is highlighted and lines with readiness warnings are marked. */
export function CodeView({ name, text, warnings }: { name: string; text: string; warnings: ReadinessWarning[] }) {
  const flagged = new Map<number, string>();
  for (const w of warnings) flagged.set(w.line, [flagged.get(w.line), w.message].filter(Boolean).join("\n"));
  const lines = name.endsWith(".py") ? highlight(text) : text.split(/\r?\n/).map((line): Token[] => [{ kind: "text", text: line }]);
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white" aria-label={`Content of ${name}`}>
      <pre className="py-2 text-xs leading-5">
        {lines.map((tokens, i) => {
          const warning = flagged.get(i + 1);
          return (
            <div key={i} className={`flex ${warning ? "bg-amber-50" : ""}`} title={warning}>
              <span className="w-12 shrink-0 select-none pr-3 text-right text-slate-400">{i + 1}</span>
              <code className="whitespace-pre">
                {tokens.map((t, j) => (
                  <span key={j} className={COLOURS[t.kind]}>
                    {t.text}
                  </span>
                ))}
              </code>
            </div>
          );
        })}
      </pre>
    </div>
  );
}
