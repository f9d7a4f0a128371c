/**
 * A Ferry worker, as its own process: `tsx scripts/worker.ts` with DATABASE_URL (and the same FERRY_* settings as
 * the web server, so embedded environments reach the same engine). It reconciles runs with AWS, works the job
 * queue and beats in `workers`. Run as many as you like, on as many machines (README: "Run it as N instances
 * and M workers"). SIGINT/SIGTERM: jobs in flight get FERRY_WORKER_SHUTDOWN_SECONDS to finish, the rest go back
 * to the queue; a kill -9 loses nothing either (another worker takes its jobs once their lease expires).
 */
import { EnvError, parseEnv } from "../lib/config/env";
import { createPrismaClient } from "../lib/db/prisma";
import { JOB_HANDLERS } from "../lib/worker/handlers";
import { startWorker } from "../lib/worker/worker";

function fail(message: string): never {
  console.error(`[worker] ${message}`);
  process.exit(1);
}

const config = (() => {
  try {
    return parseEnv(process.env);
  } catch (error) {
    return fail(error instanceof EnvError ? error.message : String(error));
  }
})();
if (!config.DATABASE_URL) fail("DATABASE_URL is not set: it needs Ferry's database.");
// Job handlers use the shared client (lib/db/prisma.ts), which reads DATABASE_URL on first use.
process.env.DATABASE_URL = config.DATABASE_URL;

const db = createPrismaClient(config.DATABASE_URL);
const starting = startWorker({ db, databaseUrl: config.DATABASE_URL, handlers: JOB_HANDLERS }).catch((error: unknown) =>
  fail(`could not start: ${error instanceof Error ? error.message : String(error)}`),
);

// Handlers before the worker says it started: a supervisor may signal the moment it reads that line.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log(`[worker] ${signal}: finishing the jobs in flight, handing back the rest`);
    void starting
      .then((worker) => worker.stop())
      .then(() => db.$disconnect())
      .then(() => process.exit(0));
  });
}
