import { describe, expect, it } from "vitest";
import { jsonDiff, lineDiff } from "./lines";

describe("lineDiff", () => {
  it("gives one entry per line, marked added, removed or same", () => {
    expect(lineDiff("a\nb\nc\n", "a\nB\nc\n")).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "added", text: "B" },
      { kind: "same", text: "c" },
    ]);
  });

  it("compares texts without a final newline too", () => {
    expect(lineDiff("x", "x")).toEqual([{ kind: "same", text: "x" }]);
  });
});

describe("jsonDiff", () => {
  it("pretty-prints both sides, so only the changed value shows as changed", () => {
    const diff = jsonDiff({ a: 1, b: 2 }, { a: 1, b: 3 });
    expect(diff.filter((l) => l.kind !== "same")).toEqual([
      { kind: "removed", text: '  "b": 2' },
      { kind: "added", text: '  "b": 3' },
    ]);
  });
});
