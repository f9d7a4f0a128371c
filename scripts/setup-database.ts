import path from "node:path";
import type { Env } from "../lib/config/env";
import { migrate } from "../lib/db/migrate";

/** Applies pending migrations, then what the mode needs to exist: the embedded environment, demo users and demo. */
export async function migrateAndSeed(databaseUrl: string, config: Env, log: (message: string) => void) {
  const { applied } = await migrate(databaseUrl, path.resolve("prisma/migrations"));
  log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
  if (config.FERRY_MODE !== "embedded") return;
  // The Prisma singleton reads DATABASE_URL on first use; the embedded server's URL is only known now.
  process.env.DATABASE_URL = databaseUrl;
  const { prisma } = await import("../lib/db/prisma");
  const { ensureEmbeddedEnvironment } = await import("../lib/environments/embedded");
  const { seedDemoUsers } = await import("../lib/users/demo");
  const { seedDemo } = await import("../lib/demo/seed");
  const environment = await ensureEmbeddedEnvironment(prisma, config.AWS_REGION);
  // Run status events (issue 13); without them runs are still polled, so a failure only says why.
  const { seedRunEvents } = await import("../lib/environments/events");
  await seedRunEvents(prisma, environment).then(
    (queueUrl) => log(`run status events: EventBridge rule and SQS queue ${queueUrl}`),
    (error: unknown) => log(`run status events could not be set up (${error instanceof Error ? error.message : String(error)}); runs are polled`),
  );
  const created = await seedDemoUsers(prisma);
  if (created) log(`created ${created} demo users`);
  // The demo is a convenience: if it cannot be set up, Ferry still starts and says why.
  await seedDemo(prisma, log).catch((error: unknown) => log(`the demo could not be set up (${error instanceof Error ? error.message : String(error)}); Ferry works without it`));
  await prisma.$disconnect();
}
