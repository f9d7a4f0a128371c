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
 * Whether two numbers agree within the tolerance. Binary floating point makes |1.1 − 1.0| come out as
 * 0.10000000000000009, so the comparison allows the few ulps a subtraction can be off by: a difference of
 * exactly the tolerance passes, as a person reading the numbers expects.
 */
function withinTolerance(x: number, y: number, tolerance: number): boolean {
  const slack = 4 * Number.EPSILON * Math.max(Math.abs(x), Math.abs(y), tolerance);
  return Math.abs(x - y) - tolerance <= slack;
}

/** Decimal places that show a difference at the tolerance's scale: one finer than the tolerance itself. */
function toleranceDecimals(tolerance: number): number {
  return Math.min(15, Math.max(0, -Math.floor(Math.log10(tolerance))) + 1);
}

/**
 * A numeric difference as people should read it: rounded at the tolerance's scale (0.0031 for ±0.001, never
 * 0.0031000000000000055); with no tolerance, to six significant digits.
 */
export function roundDelta(delta: number, tolerance: number): number {
  if (!(tolerance > 0)) return Number(delta.toPrecision(6));
  return Number(delta.toFixed(toleranceDecimals(tolerance)));
}

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
      const same = x !== null && y !== null ? withinTolerance(x, y, tolerance) : a === b;
      if (same) continue;
      cellsDiffering++;
      if (differences.length < MAX_DIFFERENCES) differences.push({ row: r + 1, column, legacy: a, ferry: b, delta: delta === null ? null : roundDelta(delta, tolerance) });
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
    maxNumericDelta: roundDelta(maxNumericDelta, tolerance),
    differences,
    summary: problems.length === 0 ? `Same ${shared.length} columns and ${rowCount.legacy} rows; every cell matches (numbers within ±${tolerance}).` : problems.join("; "),
  };
}
