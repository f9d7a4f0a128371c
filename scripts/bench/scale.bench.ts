/**
 * Scale benchmark (`npm run bench -- scale`): issue 14's multi-instance test at full size. The test of
 * tests/scale/bulk-start.integration.test.ts (one PostgreSQL, one engine process, two worker processes, a bulk start
 * queued from two app instances, a worker and the engine killed -9 and restarted mid-way) with 500 runs
 * (FERRY_SCALE_RUNS overrides). It asserts that every run starts exactly once (one run per deployment, one execution
 * per run at the engine) and reaches a final state; this prints and writes bench-results/scale.json with the
 * outcome, the final states and the duration.
 */
import { spawnSync } from "node:child_process";
import { writeResults } from "./support";

const RUNS = Number(process.env.FERRY_SCALE_RUNS ?? 500);

const started = performance.now();
const result = spawnSync("npx", ["vitest", "run", "--project", "db", "tests/scale/bulk-start.integration.test.ts"], {
  env: { ...process.env, FERRY_SCALE_RUNS: String(RUNS) },
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
});
const seconds = Math.round((performance.now() - started) / 1000);
const output = `${result.stdout}\n${result.stderr}`;
const states = /scale: \d+ runs, final states (\{[^}]*\})/.exec(output)?.[1];
const passed = result.status === 0;
console.log(output.split("\n").filter((line) => /scale:|✓|×|FAIL|Error|expected/.test(line)).join("\n"));
console.log(`${RUNS} runs: ${passed ? "every run started exactly once and reached a final state" : "FAILED (see above)"}; final states ${states ?? "unknown"}; ${seconds} s`);
await writeResults("scale", { runs: RUNS, passed, exactlyOnceAndFinal: passed, finalStates: states ? (JSON.parse(states) as unknown) : null, seconds });
if (!passed) process.exit(1);
