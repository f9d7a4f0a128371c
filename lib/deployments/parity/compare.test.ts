import { describe, expect, it } from "vitest";
import { compareTables, roundDelta } from "./compare";
import { parseTable } from "./tables";

const csv = (text: string) => parseTable("out.csv", text);

describe("compareTables", () => {
  it("passes identical tables and numbers within the tolerance, whatever the column order", () => {
    const legacy = csv("id,score\n1,0.5000001\n2,0.25\n");
    const ferry = csv("score,id\n0.5,1\n0.25,2\n");
    const result = compareTables(legacy, ferry, 1e-6);
    expect(result).toMatchObject({ verdict: "PASS", cellsCompared: 4, cellsDiffering: 0 });
    expect(result.maxNumericDelta).toBeCloseTo(1e-7, 10);
    expect(result.summary).toContain("every cell matches");
  });

  it("fails on a number beyond the tolerance and says where", () => {
    const result = compareTables(csv("id,score\n1,0.5\n2,0.25\n"), csv("id,score\n1,0.5\n2,0.26\n"), 0.001);
    expect(result.verdict).toBe("FAIL");
    expect(result.differences).toEqual([{ row: 2, column: "score", legacy: "0.25", ferry: "0.26", delta: expect.closeTo(0.01, 9) }]);
    expect(result.summary).toBe("1 of 4 cells differ beyond ±0.001");
  });

  it("shows differences rounded at the tolerance's scale, never as floating-point noise (issue 16)", () => {
    const result = compareTables(csv("id,score\n1,0.1269\n"), csv("id,score\n1,0.13\n"), 0.001);
    expect(0.13 - 0.1269).not.toBe(0.0031);
    expect(result.differences[0]?.delta).toBe(0.0031);
    expect(result.maxNumericDelta).toBe(0.0031);
    expect(roundDelta(0.0031000000000000055, 0.01)).toBe(0.003);
    expect(roundDelta(0.0031000000000000055, 0)).toBe(0.0031);
    expect(roundDelta(12.345678, 5)).toBe(12.3);
  });

  it("passes a difference of exactly the tolerance, which floating point would make a hair larger", () => {
    expect(Math.abs(1.1 - 1.0)).toBeGreaterThan(0.1);
    expect(compareTables(csv("v\n1.1\n"), csv("v\n1.0\n"), 0.1).verdict).toBe("PASS");
    expect(compareTables(csv("v\n1.1\n"), csv("v\n0.99\n"), 0.1).verdict).toBe("FAIL");
    expect(compareTables(csv("v\n1000000.5\n"), csv("v\n1000000.502\n"), 0.001).verdict).toBe("FAIL");
  });

  it("fails on missing and extra columns and on a different row count", () => {
    const result = compareTables(csv("id,score\n1,1\n2,2\n"), csv("id,label\n1,a\n"), 0);
    expect(result.verdict).toBe("FAIL");
    expect(result.columns).toMatchObject({ missing: ["score"], extra: ["label"] });
    expect(result.summary).toContain("missing column(s) score");
    expect(result.summary).toContain("1 rows instead of 2");
  });

  it("compares text exactly, ignoring surrounding spaces, and keeps only the first 20 differences", () => {
    const legacy = csv(`name\n${Array.from({ length: 30 }, (_, i) => `a${i}`).join("\n")}\n`);
    const ferry = csv(`name\n${Array.from({ length: 30 }, (_, i) => ` b${i} `).join("\n")}\n`);
    const result = compareTables(legacy, ferry, 0);
    expect(result.cellsDiffering).toBe(30);
    expect(result.differences).toHaveLength(20);
    expect(result.differences[0]).toEqual({ row: 1, column: "name", legacy: "a0", ferry: "b0", delta: null });
  });

  it("reads JSON objects and arrays of objects as tables", () => {
    expect(parseTable("report.json", '{"rows": 3, "mean": 0.5}')).toEqual({ columns: ["rows", "mean"], rows: [["3", "0.5"]] });
    expect(parseTable("r.json", '[{"a":1},{"a":2,"b":"x"}]')).toEqual({ columns: ["a", "b"], rows: [["1", ""], ["2", "x"]] });
    expect(() => parseTable("r.json", "[1,2]")).toThrow("object or an array of objects");
    expect(() => parseTable("r.parquet", "")).toThrow("only .csv and .json");
  });
});
