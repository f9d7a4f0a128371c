import type { ReadinessWarning } from "@/lib/catalog/scripts/readiness";

const RULE_LABELS: Record<ReadinessWarning["rule"], string> = {
  "absolute-path": "Absolute path",
  "windows-path": "Windows path",
  "interactive-input": "Interactive input",
  "gui-window": "GUI window",
  "network-call": "Network call",
  "no-main-guard": "No __main__ guard",
  "missing-requirement": "Missing requirement",
};

/** Readiness warnings of one file, each with its line number. */
export function ReadinessList({ name, warnings }: { name: string; warnings: ReadinessWarning[] }) {
  if (warnings.length === 0) return <p className="text-sm text-emerald-700">{name}: no readiness warnings.</p>;
  return (
    <div className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm" aria-label={`Readiness warnings for ${name}`}>
      <p className="font-medium text-amber-900">
        {name}: {warnings.length} readiness warning{warnings.length === 1 ? "" : "s"}
      </p>
      <ul className="mt-1 space-y-0.5">
        {warnings.map((w, i) => (
          <li key={i} className="text-amber-900">
            <span className="font-mono">line {w.line}</span> · <span className="font-medium">{RULE_LABELS[w.rule]}</span>: {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
