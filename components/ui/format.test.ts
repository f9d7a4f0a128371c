import { describe, expect, it } from "vitest";
import { durationBetween, formatDateTime, formatDuration } from "./format";

describe("formatDateTime", () => {
  it("writes dates and ISO strings in UTC, to the second, and a dash for none", () => {
    expect(formatDateTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe("2 Jan 2026, 03:04:05 UTC");
    expect(formatDateTime("2026-01-02T03:04:05.000Z")).toBe("2 Jan 2026, 03:04:05 UTC");
    expect(formatDateTime(null)).toBe("—");
  });
});

describe("formatDuration", () => {
  it("reads as people say it", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(218.6)).toBe("219 ms");
    expect(formatDuration(1_440)).toBe("1.4 s");
    expect(formatDuration(9_949)).toBe("9.9 s");
    expect(formatDuration(9_950)).toBe("10 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
    expect(formatDuration(7_800_000)).toBe("2 h 10 min");
    expect(formatDuration(durationBetween(null, null))).toBe("—");
    expect(durationBetween("2026-01-01T00:00:00Z", null, Date.parse("2026-01-01T00:00:10Z"))).toBe(10_000);
  });
});
