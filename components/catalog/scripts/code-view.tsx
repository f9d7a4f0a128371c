import type { ReadinessWarning } from "@/lib/catalog/scripts/readiness";
import { highlight, languageOf } from "./highlight";

/** A file with line numbers, highlighted by its language (a server component), lines with readiness warnings marked. */
export function CodeView({ name, text, warnings }: { name: string; text: string; warnings: ReadinessWarning[] }) {
  const flagged = new Map<number, string>();
  for (const w of warnings) flagged.set(w.line, [flagged.get(w.line), w.message].filter(Boolean).join("\n"));
  const lines = highlight(text, languageOf(name));
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white" role="region" aria-label={`Content of ${name}`} tabIndex={0}>
      <pre className="py-2 text-xs leading-5" data-testid="code-view">
        {lines.map((tokens, i) => {
          const warning = flagged.get(i + 1);
          return (
            <div key={i} className={`flex ${warning ? "bg-amber-50" : ""}`} title={warning} data-line={i + 1}>
              <span className="w-12 shrink-0 select-none pr-3 text-right text-slate-600">{i + 1}</span>
              <code className="whitespace-pre">
                {tokens.map((t, j) => (
                  <span key={j} style={t.color ? { color: t.color, fontStyle: t.italic ? "italic" : undefined } : undefined}>
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
