import path from "node:path";
import { describe, expect, it } from "vitest";
import { PlaywrightReport, VitestReport, playwrightFailures, vitestFailures } from "./test-reports";

describe("npm test's summary names what failed", () => {
  it("a Vitest failure by file, test and the first line of its message; a file that failed to load by file", () => {
    const report = VitestReport.parse({
      numPassedTests: 1,
      numFailedTests: 1,
      numPendingTests: 0,
      numTodoTests: 0,
      testResults: [
        {
          name: path.resolve("tests/runs/a.test.ts"),
          assertionResults: [
            { fullName: "runs end", status: "passed", failureMessages: [] },
            { fullName: "runs start once", status: "failed", failureMessages: ["\nAssertionError: expected 2 to be 1\n    at a.test.ts:3"] },
          ],
        },
        { name: path.resolve("tests/b.integration.test.ts"), message: "Hook timed out in 120000ms\nmore", assertionResults: [] },
      ],
    });
    expect(vitestFailures(report)).toEqual(["tests/runs/a.test.ts › runs start once: AssertionError: expected 2 to be 1", "tests/b.integration.test.ts: Hook timed out in 120000ms"]);
  });

  it("a Playwright failure by its path of suites; a flaky spec that passed on retry is not one", () => {
    const report = PlaywrightReport.parse({
      stats: { expected: 2, unexpected: 1, flaky: 1, skipped: 0 },
      suites: [
        { title: "runs.spec.ts", specs: [{ title: "a newcomer runs the demo", ok: true }], suites: [{ title: "runs", specs: [{ title: "a stopped run says Stopped", ok: false }, { title: "flaky", ok: true }] }] },
      ],
    });
    expect(playwrightFailures(report.suites)).toEqual(["runs.spec.ts › runs › a stopped run says Stopped"]);
  });
});
