/**
 * `npm test`: lint, typecheck, Vitest (unit + integration against real PostgreSQL and the engine) and
 * Playwright e2e in Chromium. Every stage runs even if an earlier one failed, so one run shows everything;
 * the last line sums all suites as "N passed, N failed".
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { PlaywrightReport, type Tally, VitestReport, playwrightFailures, vitestFailures } from "./test-reports";

const RESULTS = "test-results";

function run(command: string, args: string[]): boolean {
  console.log(`\n▶ ${command} ${args.join(" ")}`);
  return spawnSync(command, args, { stdio: "inherit" }).status === 0;
}

function check(name: string, command: string, args: string[]): Tally {
  const ok = run(command, args);
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, failures: ok ? [] : [`${command} ${args.join(" ")}`] };
}

/** A runner that crashed before writing its report counts as one failure, never as zero tests. */
function fromReport(name: string, ok: boolean, file: string, parse: (json: unknown) => Omit<Tally, "name">): Tally {
  if (!existsSync(file)) return { name, passed: 0, failed: 1, skipped: 0, failures: [`${name} wrote no report (it crashed: see its output above)`] };
  const tally = { name, ...parse(JSON.parse(readFileSync(file, "utf8"))) };
  if (!ok && tally.failed === 0) tally.failed = 1;
  return tally;
}

function vitest(): Tally {
  const file = `${RESULTS}/vitest.json`;
  const ok = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`]);
  return fromReport("vitest", ok, file, (json) => {
    const r = VitestReport.parse(json);
    return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests, failures: vitestFailures(r) };
  });
}

function playwright(): Tally {
  const file = `${RESULTS}/e2e.json`;
  const ok = run("npx", ["playwright", "test"]);
  return fromReport("e2e", ok, file, (json) => {
    const { stats, suites } = PlaywrightReport.parse(json);
    return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped, failures: playwrightFailures(suites) };
  });
}

rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });
const tallies = [check("lint", "npx", ["eslint", "--max-warnings=0", "."]), check("typecheck", "npx", ["tsc", "--noEmit", "-p", "."]), vitest(), playwright()];

console.log("\nSummary");
for (const t of tallies) {
  console.log(`  ${t.name.padEnd(10)} ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}`);
  for (const failure of t.failures) console.log(`    ✗ ${failure}`);
}
const passed = tallies.reduce((n, t) => n + t.passed, 0);
const failed = tallies.reduce((n, t) => n + t.failed, 0);
const skipped = tallies.reduce((n, t) => n + t.skipped, 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
