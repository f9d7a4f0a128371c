import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { highlight, languageOf } from "./highlight";

const DEMO_PREPROCESS = new URL("../../../prisma/demo/churn/preprocess.py", import.meta.url);

const colourOf = (lines: ReturnType<typeof highlight>, line: number, text: string) => lines[line]?.find((t) => t.text.trim() === text)?.color;

describe("highlight", () => {
  it("ends a one-line docstring on its line: the demo's preprocess.py is code after line 1", async () => {
    const source = await readFile(DEMO_PREPROCESS, "utf8");
    expect(source.split("\n")[0]).toMatch(/^""".*"""$/);
    const lines = highlight(source, "python");
    const docstring = lines[0]?.find((t) => t.text.includes("Legacy preprocessing"))?.color;
    const keyword = colourOf(lines, 1, "import");
    expect(docstring).toBeDefined();
    expect(keyword).toBeDefined();
    expect(keyword).not.toBe(docstring);
    const def = lines.findIndex((tokens) => tokens.some((t) => t.text === "def"));
    expect(colourOf(lines, def, "def")).toBe(keyword);
    expect(lines).toHaveLength(source.split("\n").length);
  });

  it("carries a docstring across lines and ends it where it ends", () => {
    const lines = highlight('def f(x):  # add\n    """Doc\n    still doc"""\n    return x + 1', "python");
    const string = lines[1]?.find((t) => t.text.includes("Doc"))?.color;
    expect(lines[2]?.find((t) => t.text.includes("still doc"))?.color).toBe(string);
    expect(colourOf(lines, 3, "return")).toBe(colourOf(lines, 0, "def"));
    expect(colourOf(lines, 3, "return")).not.toBe(string);
  });

  it("keeps every character of the file, in order", () => {
    const source = 'x = """a\nb"""  # c\nprint(f"{x!r}")\n';
    expect(highlight(source, "python").map((l) => l.map((t) => t.text).join("")).join("\n")).toBe(source);
  });

  it("knows the languages Ferry shows and shows the rest as text", () => {
    expect(["preprocess.py", "Dockerfile", "input.json", "run.sh", "pipeline.yaml", "requirements.txt", "notes"].map(languageOf)).toEqual(["python", "dockerfile", "json", "shellscript", "yaml", "text", "text"]);
    expect(highlight("FROM python:3.12\nRUN pip install pandas", "dockerfile")[0]?.length).toBeGreaterThan(1);
    expect(highlight("a=1", "text")).toEqual([[{ text: "a=1" }]]);
  });
});
