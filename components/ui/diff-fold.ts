import type { DiffLine } from "@/lib/diff/lines";

export type FoldedLine = DiffLine | { kind: "fold"; count: number };

/** Unchanged runs longer than twice the context become one "N unchanged lines" marker, as in a code review. */
export function foldUnchanged(lines: readonly DiffLine[], context = 3): FoldedLine[] {
  const near = lines.map((_, i) => lines.slice(Math.max(0, i - context), i + context + 1).some((l) => l.kind !== "same"));
  const out: FoldedLine[] = [];
  lines.forEach((line, i) => {
    if (near[i]) return out.push(line);
    const last = out.at(-1);
    if (last?.kind === "fold") last.count += 1;
    else out.push({ kind: "fold", count: 1 });
  });
  return out;
}
