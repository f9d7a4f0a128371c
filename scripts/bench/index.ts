/**
 * `npm run bench`: runs every scripts/bench/*.bench.ts in turn (each prints its own figures, as ratios
 * against a baseline measured in the same run, and writes bench-results/<name>.json), then lists them.
 * `npm run bench -- engine` runs only the benches whose name contains "engine".
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const dir = path.dirname(new URL(import.meta.url).pathname);
const filter = process.argv[2] ?? "";
const benches = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts") && f.includes(filter))
  .sort();

if (benches.length === 0) {
  console.error(`no benchmark matches "${filter}"`);
  process.exit(1);
}

const failures: string[] = [];
for (const bench of benches) {
  console.log(`\n━━ ${bench} ━━`);
  // Benches load the app's server-only read modules, so they resolve imports as Next's server build does.
  const result = spawnSync("npx", ["tsx", "--conditions=react-server", path.join(dir, bench)], { stdio: "inherit" });
  if (result.status !== 0) failures.push(bench);
}
console.log(`\n${benches.length - failures.length} of ${benches.length} benchmarks completed; results in bench-results/`);
if (failures.length) {
  console.error(`failed: ${failures.join(", ")}`);
  process.exit(1);
}
