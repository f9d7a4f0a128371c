import { describe, expect, it } from "vitest";
import type { DiffLine } from "@/lib/diff/lines";
import { foldUnchanged } from "./diff-fold";

const same = (n: number): DiffLine[] => Array.from({ length: n }, (_, i) => ({ kind: "same", text: `line ${i}` }));

describe("foldUnchanged", () => {
  it("keeps changes with their context and folds the rest", () => {
    const lines: DiffLine[] = [...same(10), { kind: "removed", text: "a" }, { kind: "added", text: "b" }, ...same(10)];
    const folded = foldUnchanged(lines, 2);
    expect(folded.map((l) => (l.kind === "fold" ? `…${l.count}` : l.kind))).toEqual(["…8", "same", "same", "removed", "added", "same", "same", "…8"]);
  });

  it("folds an unchanged document into one marker", () => {
    expect(foldUnchanged(same(5))).toEqual([{ kind: "fold", count: 5 }]);
  });
});
