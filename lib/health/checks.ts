import { ListStateMachinesCommand } from "@aws-sdk/client-sfn";
import { prisma } from "@/lib/db/prisma";
import { awsClients } from "@/lib/aws/clients";
import { defaultTarget } from "@/lib/aws/targets";
import { env } from "@/lib/config/env";

export type Check = { ok: boolean; latencyMs: number; error?: string };

const TIMEOUT_MS = 2_000;

async function timed(probe: (signal: AbortSignal) => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    await Promise.race([
      probe(signal),
      new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)))),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  }
}

/** The state of what Ferry depends on, for /api/health and the admin page. */
export async function healthReport() {
  const config = env();
  const target = defaultTarget(config);
  const [database, aws] = await Promise.all([
    timed(() => prisma.$queryRaw`SELECT 1`),
    timed((abortSignal) => awsClients(target).sfn.send(new ListStateMachinesCommand({ maxResults: 1 }), { abortSignal })),
  ]);
  return {
    status: database.ok && aws.ok ? ("ok" as const) : ("degraded" as const),
    mode: config.FERRY_MODE,
    database,
    aws: { ...aws, region: target.region, endpoint: target.endpoint ?? "AWS default endpoints" },
  };
}
