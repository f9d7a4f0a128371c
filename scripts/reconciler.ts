/**
 * The run reconciler as its own process: `tsx scripts/reconciler.ts` with DATABASE_URL (and the same FERRY_*
 * settings as the web server, so embedded environments reach the same engine). `npm start` launches it
 * beside Next (see lib/runs/reconciler/process.ts). SIGINT/SIGTERM finish the syncs in flight, then exit;
 * a kill -9 loses nothing either (each sync commits its cursor with its data).
 */
import { EnvError, parseEnv } from "../lib/config/env";
import { createPrismaClient } from "../lib/db/prisma";
import { startReconciler } from "../lib/runs/reconciler/index";

const config = (() => {
  try {
    return parseEnv(process.env);
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  }
})();
if (!config.DATABASE_URL) {
  console.error("[reconciler] DATABASE_URL is not set: it needs Ferry's database.");
  process.exit(1);
}

const db = createPrismaClient(config.DATABASE_URL);
const controller = new AbortController();
const reconciler = startReconciler({ db, signal: controller.signal });
console.log("[reconciler] syncing active runs");

const report = setInterval(() => {
  const calls = [...reconciler.counter.calls].map(([api, n]) => `${api} ${n}`).join(", ");
  if (calls) console.log(`[reconciler] ${reconciler.syncs()} syncs; AWS calls: ${calls}`);
}, 60_000);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    clearInterval(report);
    controller.abort();
    void reconciler
      .stop()
      .then(() => db.$disconnect())
      .then(() => process.exit(0));
  });
}
