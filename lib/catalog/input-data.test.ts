import { describe, expect, it } from "vitest";
import { csvPage } from "./input-data";
import { PREVIEW_ROWS } from "./input-limits";

describe("csvPage", () => {
  it("takes up to a page of complete lines and says where the next page starts", () => {
    const text = Array.from({ length: 120 }, (_, i) => `${i},row ${i}`).join("\n");
    const page = csvPage(text, false);
    expect(page.lines).toHaveLength(PREVIEW_ROWS);
    expect(page.lines[0]).toBe("0,row 0");
    expect(text.slice(page.consumed).startsWith(`${PREVIEW_ROWS},`)).toBe(true);
  });

  it("leaves a line cut by the ranged read to the next page, unless the file ends there", () => {
    expect(csvPage("a,1\nb,2\nc,", false)).toEqual({ lines: ["a,1", "b,2"], consumed: 8 });
    expect(csvPage("a,1\nb,2\nc,3", true)).toEqual({ lines: ["a,1", "b,2", "c,3"], consumed: 11 });
  });

  it("counts bytes, not characters (a page after accented text starts where it should)", () => {
    const page = csvPage("é,1\nx,2\n", true);
    expect(page.consumed).toBe(Buffer.byteLength("é,1\nx,2\n"));
  });

  it("shows a single line longer than a page rather than never moving on; drops CR of CRLF files", () => {
    expect(csvPage("x".repeat(10), false)).toEqual({ lines: ["x".repeat(10)], consumed: 10 });
    expect(csvPage("a\r\nb\r\n", true).lines).toEqual(["a", "b"]);
  });
});
