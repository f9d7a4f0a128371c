import type { ParityOverride, ParityRecord } from "@/lib/deployments/approval";
import { roundDelta, type Comparison } from "@/lib/deployments/parity/compare";
import { WorkerProgress } from "./parity-progress";

const TONE = { PASS: "text-emerald-800 bg-emerald-50", FAIL: "text-red-800 bg-red-50", ERROR: "text-red-800 bg-red-50", RUNNING: "text-sky-800 bg-sky-50" } as const;

function isComparison(value: unknown): value is Comparison {
  return typeof value === "object" && value !== null && "verdict" in value && "differences" in value;
}

/** The verdict of the last parity run, with the first differing cells. */
export function ParityVerdict({ parity, fingerprint }: { parity: ParityRecord; fingerprint: string }) {
  const comparison = isComparison(parity.comparison) ? parity.comparison : null;
  return (
    <div className="space-y-2">
      <p data-testid="parity-verdict" className={`rounded-md p-2 text-sm font-medium ${TONE[parity.status]}`}>
        Parity {parity.status}
        {comparison ? ` — ${comparison.summary}` : parity.error ? ` — ${parity.error}` : parity.status === "RUNNING" ? " — the pipeline is running on the golden input" : ""}
      </p>
      {parity.status === "RUNNING" && <WorkerProgress label="A worker is running the pipeline on the golden input; this page updates when the verdict is in." />}
      {parity.fingerprint !== fingerprint && <p className="text-sm text-amber-800">This evidence was produced for other artifacts; attach it again.</p>}
      <p className="text-xs text-slate-500">
        Golden input {parity.goldenInputUri}; legacy output {parity.legacyOutputUri}; tolerance ±{parity.tolerance}; by {parity.requestedBy}.
      </p>
      {comparison && comparison.differences.length > 0 && (
        <table aria-label="First differences" className="w-full text-left text-xs">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1">Row</th>
              <th>Column</th>
              <th>Legacy</th>
              <th>Ferry</th>
              <th>Δ</th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {comparison.differences.map((d) => (
              <tr key={`${d.row}-${d.column}`}>
                <td className="py-0.5">{d.row}</td>
                <td>{d.column}</td>
                <td>{d.legacy}</td>
                <td>{d.ferry}</td>
                <td>{d.delta === null ? "text" : roundDelta(d.delta, comparison.tolerance)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** An approval given over evidence that did not pass: who, when, why, and what the evidence said. */
export function ParityOverrideNote({ override }: { override: ParityOverride }) {
  return (
    <p data-testid="parity-override" className="rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-900">
      {override.by} approved despite the parity evidence ({override.summary}) on {override.at.slice(0, 16).replace("T", " ")} UTC: “{override.reason}”
    </p>
  );
}
