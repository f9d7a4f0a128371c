import type { AslProblem } from "@/lib/pipelines/validate";

export type SummaryItem = { where: string; message: string };

/** Every problem in one list: zod's (with where it is) and asl-validator's, or a calm "all good". */
export function IssueSummary({ items, checking }: { items: readonly SummaryItem[]; checking: boolean }) {
  if (items.length === 0) {
    return (
      <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        {checking ? "Checking the definition…" : "No problems: the definition validates."}
      </p>
    );
  }
  return (
    <div role="alert" aria-label="Validation problems" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      <p className="font-medium">
        {items.length === 1 ? "1 problem" : `${items.length} problems`} to fix before publishing:
      </p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {items.map((item, i) => (
          <li key={i}>
            <span className="font-medium">{item.where}:</span> {item.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function aslSummary(problems: readonly AslProblem[]): SummaryItem[] {
  return problems.map((p) => ({ where: p.location ? `Definition ${p.location}` : "Definition", message: `${p.message} (${p.code})` }));
}
