import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, failedOnly, filtersFromSearchParams, filtersToSearch, runWhere } from "./filters";

describe("run filters", () => {
  it("drop malformed values from the URL instead of failing the page", () => {
    const filters = filtersFromSearchParams({ status: "EXPLODED", modelId: "1 OR 1=1", from: "yesterday", failureGroup: "KeyError: 'x'" });
    expect(filters).toEqual({ failureGroup: "KeyError: 'x'" });
    expect(runWhere(filters)).toEqual({ failureGroup: "KeyError: 'x'" });
  });

  it("read a date-only range as whole days", () => {
    expect(runWhere(filtersFromSearchParams({ from: "2026-11-01", to: "2026-11-02" }))).toEqual({
      createdAt: { gte: new Date("2026-11-01T00:00:00Z"), lt: new Date("2026-11-03T00:00:00Z") },
    });
  });

  it("round-trip a keyset cursor and refuse a forged one", () => {
    const row = { createdAt: new Date("2026-11-25T10:00:00.123Z"), id: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" };
    expect(decodeCursor(encodeCursor(row))).toEqual(row);
    expect(decodeCursor(Buffer.from("2026-01-01|'; DROP TABLE runs").toString("base64url"))).toBeNull();
  });

  it("write the filters back as a search string without the cursor", () => {
    expect(filtersToSearch({ status: ["FAILED"], cursor: "abc" }, { action: "x" })).toBe("status=FAILED&action=x");
  });

  it("read several statuses separated by commas, and drop the whole list when one is unknown", () => {
    const filters = filtersFromSearchParams({ status: "FAILED,TIMED_OUT" });
    expect(runWhere(filters)).toEqual({ status: { in: ["FAILED", "TIMED_OUT"] } });
    expect(filtersToSearch(filters)).toBe("status=FAILED%2CTIMED_OUT");
    expect(filtersFromSearchParams({ status: "FAILED,ABORTED;DROP" })).toEqual({});
    expect(filtersFromSearchParams({ status: "FAILED,".repeat(10_000) })).toEqual({});
  });

  it("narrow to failed runs for a redrive: stopped and caught runs are no failures", () => {
    expect(failedOnly({ modelId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" })).toEqual({ modelId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", status: ["FAILED", "TIMED_OUT"] });
    expect(failedOnly({ status: ["ABORTED", "TIMED_OUT"] })).toEqual({ status: ["TIMED_OUT"] });
    expect(failedOnly({ status: ["ABORTED"] })).toBeNull();
    expect(failedOnly({ status: ["SUCCEEDED_WITH_FAILED_STEPS"] })).toBeNull();
  });
});
