import type { Table } from "./tables";

export type CellDifference = { row: number; column: string; legacy: string; ferry: string; delta: number | null };

export type Comparison = {
  verdict: "PASS" | "FAIL";
  tolerance: number;
  columns: { legacy: string[]; ferry: string[]; missing: string[]; extra: string[] };
  rowCount: { legacy: number; ferry: number };
  cellsCompared: number;
  cellsDiffering: number;
  maxNumericDelta: number;
  /** The first differences, in row order: enough to see what is wrong without flooding the page. */
  differences: CellDifference[];
  summary: string;
};

export const MAX_DIFFERENCES = 20;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const numeric = (s: string): number | null => (NUMBER.test(s.trim()) ? Number(s) : null);

/**
 * Ferry's output against the legacy desktop output: the same columns (by name, any order) and row count, each
 * cell equal — numbers within `tolerance` (absolute), text exactly (surrounding spaces ignored). Rows are
 * compared in order: a legacy script that sorts its output is expected to sort it the same way in Ferry.
 */
export function compareTables(legacy: Table, ferry: Table, tolerance: number): Comparison {
  const missing = legacy.columns.filter((c) => !ferry.columns.includes(c));
  const extra = ferry.columns.filter((c) => !legacy.columns.includes(c));
  const shared = legacy.columns.filter((c) => ferry.columns.includes(c));
  const differences: CellDifference[] = [];
  let cellsCompared = 0;
  let cellsDiffering = 0;
  let maxNumericDelta = 0;
  const rows = Math.min(legacy.rows.length, ferry.rows.length);
  for (let r = 0; r < rows; r++) {
    for (const column of shared) {
      const a = (legacy.rows[r]?.[legacy.columns.indexOf(column)] ?? "").trim();
      const b = (ferry.rows[r]?.[ferry.columns.indexOf(column)] ?? "").trim();
      cellsCompared++;
      const [x, y] = [numeric(a), numeric(b)];
      const delta = x !== null && y !== null ? Math.abs(x - y) : null;
      if (delta !== null) maxNumericDelta = Math.max(maxNumericDelta, delta);
      const same = delta !== null ? delta <= tolerance : a === b;
      if (same) continue;
      cellsDiffering++;
      if (differences.length < MAX_DIFFERENCES) differences.push({ row: r + 1, column, legacy: a, ferry: b, delta });
    }
  }
  const rowCount = { legacy: legacy.rows.length, ferry: ferry.rows.length };
  const problems = [
    ...(missing.length ? [`missing column(s) ${missing.join(", ")}`] : []),
    ...(extra.length ? [`extra column(s) ${extra.join(", ")}`] : []),
    ...(rowCount.legacy !== rowCount.ferry ? [`${rowCount.ferry} rows instead of ${rowCount.legacy}`] : []),
    ...(cellsDiffering ? [`${cellsDiffering} of ${cellsCompared} cells differ beyond ±${tolerance}`] : []),
  ];
  return {
    verdict: problems.length === 0 ? "PASS" : "FAIL",
    tolerance,
    columns: { legacy: legacy.columns, ferry: ferry.columns, missing, extra },
    rowCount,
    cellsCompared,
    cellsDiffering,
    maxNumericDelta,
    differences,
    summary: problems.length === 0 ? `Same ${shared.length} columns and ${rowCount.legacy} rows; every cell matches (numbers within ±${tolerance}).` : problems.join("; "),
  };
}
