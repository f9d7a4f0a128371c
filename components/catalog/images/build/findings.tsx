import type { LintFinding } from "@/lib/catalog/images/dockerfile-lint";

/** Readiness findings of a build context, errors first, each with its file and line. */
export function Findings({ findings }: { findings: readonly LintFinding[] }) {
  if (findings.length === 0) return <p className="text-sm text-emerald-700">Ready: the Dockerfile and the imports raise nothing.</p>;
  const errors = findings.filter((f) => f.severity === "error");
  const sorted = [...errors, ...findings.filter((f) => f.severity !== "error")];
  return (
    <div role="region" aria-label="Readiness" className={`rounded-lg border p-3 text-sm ${errors.length > 0 ? "border-red-200 bg-red-50" : "border-amber-200 bg-amber-50"}`}>
      <p className="font-medium text-slate-900">
        {errors.length > 0 ? `${errors.length} problem${errors.length === 1 ? "" : "s"} to fix before building` : `${findings.length} warning${findings.length === 1 ? "" : "s"}: building is still possible`}
      </p>
      <ul className="mt-1 space-y-0.5">
        {sorted.map((f, i) => (
          <li key={i} data-severity={f.severity} className={f.severity === "error" ? "text-red-900" : "text-amber-900"}>
            <span className="font-mono">
              {f.file}:{f.line}
            </span>{" "}
            · <span className="font-medium">{f.severity === "error" ? "Error" : "Warning"}</span>: {f.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
