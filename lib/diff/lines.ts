import { diffLines } from "diff";

/** One line of a diff, as the diff view shows it. */
export type DiffLine = { kind: "added" | "removed" | "same"; text: string };

/** Two texts compared line by line. */
export function lineDiff(before: string, after: string): DiffLine[] {
  return diffLines(before, after).flatMap((part) => {
    const kind = part.added ? "added" : part.removed ? "removed" : "same";
    return part.value
      .replace(/\n$/, "")
      .split("\n")
      .map((text) => ({ kind, text }));
  });
}

const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Two JSON documents compared line by line, both pretty-printed the same way first. */
export function jsonDiff(before: unknown, after: unknown): DiffLine[] {
  return lineDiff(pretty(before), pretty(after));
}
