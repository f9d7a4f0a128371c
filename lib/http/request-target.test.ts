import { describe, expect, it } from "vitest";
import { MAX_REQUEST_TARGET_BYTES, requestTargetTooLong } from "./request-target";

describe("request targets", () => {
  it("are served up to 6 KiB, counted in bytes, and refused past it", () => {
    expect(requestTargetTooLong(`/runs?q=${"x".repeat(MAX_REQUEST_TARGET_BYTES - 8)}`)).toBe(false);
    expect(requestTargetTooLong(`/runs?q=${"x".repeat(MAX_REQUEST_TARGET_BYTES - 7)}`)).toBe(true);
    expect(requestTargetTooLong(`/runs?q=${"é".repeat(MAX_REQUEST_TARGET_BYTES / 2)}`)).toBe(true);
    expect(requestTargetTooLong(undefined)).toBe(false);
  });
});
