/**
 * The suites' JSON reports, read into tallies for `npm test`'s summary (scripts/test.ts): counts, and the name
 * and first line of each failure, so the end of a CI log (the part people read) says what to look at.
 */
import path from "node:path";
import { z } from "zod";

export type Tally = { name: string; passed: number; failed: number; skipped: number; failures: string[] };

export const VitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number(),
  testResults: z.array(
    z.object({
      name: z.string(),
      message: z.string().optional(),
      assertionResults: z.array(z.object({ fullName: z.string(), status: z.string(), failureMessages: z.array(z.string()).nullish() })),
    }),
  ),
});

type PlaywrightSuite = { title: string; specs?: { title: string; ok: boolean }[]; suites?: PlaywrightSuite[] };
const PlaywrightSuite: z.ZodType<PlaywrightSuite> = z.lazy(() =>
  z.object({
    title: z.string(),
    specs: z.array(z.object({ title: z.string(), ok: z.boolean() })).optional(),
    suites: z.array(PlaywrightSuite).optional(),
  }),
);
export const PlaywrightReport = z.object({
  stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number(), skipped: z.number() }),
  suites: z.array(PlaywrightSuite),
});

/** The first line of a failure message: enough to tell one failure from another in a summary. */
function firstLine(message: string | undefined): string {
  const line = (message ?? "").split("\n").find((l) => l.trim() !== "") ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export function vitestFailures(report: z.infer<typeof VitestReport>): string[] {
  return report.testResults.flatMap((result) => {
    const file = { ...result, name: path.relative(process.cwd(), result.name) };
    const tests = file.assertionResults.filter((t) => t.status === "failed");
    // A file that failed to load or whose hook failed has no failed test of its own: name the file.
    if (tests.length === 0 && file.message) return [`${file.name}: ${firstLine(file.message)}`];
    return tests.map((t) => `${file.name} › ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
  });
}

export function playwrightFailures(suites: PlaywrightSuite[], path: string[] = []): string[] {
  return suites.flatMap((suite) => {
    const here = suite.title ? [...path, suite.title] : path;
    const failed = (suite.specs ?? []).filter((s) => !s.ok).map((s) => [...here, s.title].join(" › "));
    return [...failed, ...playwrightFailures(suite.suites ?? [], here)];
  });
}
