/**
 * Load benchmark (`npm run bench -- load`): the whole of Ferry as `npm start` runs it, on loopback.
 * (a) Warm-up: the first sign-in (and the dashboard it lands on) after a cold start, without and with
 *     scripts/warm-up.ts, each on a freshly started server.
 * (b) Load: 50 users created for the bench, each signed in through the API (real sessions), browse the dashboard,
 *     the models and runs lists and run monitors while 200 runs of the demo deployment are active on the engine
 *     (finished ones replaced as they end):
 *     - browsing as users do: each reads a page for 5 s on average (exponentially distributed, so arrivals are
 *       random as real users' are: 10 requests/s in all), then opens the next, all four pages in turn;
 *     - paced by autocannon at the same 10 requests/s, whose connections all fire at the top of each second
 *       (bursts of ten at once: a harsher arrival pattern than users make, reported beside it);
 *     - saturated with autocannon (each user asks again as soon as answered), page by page.
 *     Per page: p50/p95/p99 and errors (anything but a 200, timeouts included). Target while browsing: p95 < 300
 *     ms, 0 errors. The baseline, in the same run: the same browsing before any run is started, as a ratio of p95s.
 * Prints a summary and writes bench-results/load.json. FERRY_LOAD_SECONDS sets each page's duration (default 20).
 */
import autocannon from "autocannon";
import pLimit from "p-limit";
import os from "node:os";
import path from "node:path";
import { newDataDir, removeDataDir, startFerry, type FerryServer } from "./ferry-server";
import { writeResults } from "./support";

const PORT = 3214;
const ENGINE_PORT = 4814;
const USERS = 50;
const ACTIVE_RUNS = 200;
const MONITORS = 20;
const SECONDS = Number(process.env.FERRY_LOAD_SECONDS ?? 20);
/** A user reads a page for this long before opening the next. */
const BROWSE_THINK_SECONDS = 5;
const TARGET_P95_MS = 300;
const DEMO_PASSWORD = "ferry-demo";
const BENCH_PASSWORD = "ferry-load-bench-password";

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** Signs in through better-auth's API as a browser would (same-origin proof included); the session cookie header. */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: base },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${email}: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** The first visitor after a cold start: the sign-in, then the dashboard it lands on. */
async function firstSignIn(ferry: FerryServer) {
  const started = performance.now();
  const cookie = await signIn(ferry.base, "ds@ferry.local", DEMO_PASSWORD);
  const signInMs = performance.now() - started;
  const page = await fetch(`${ferry.base}/`, { headers: { cookie } });
  await page.text();
  if (page.status !== 200) throw new Error(`dashboard after sign-in: ${page.status}`);
  return { signInMs: Math.round(signInMs), withDashboardMs: Math.round(performance.now() - started) };
}

type PageLoad = { page: string; requests: number; errors: number; timeouts: number; p50: number; p95: number; p99: number; statuses: Record<string, number> };
type Page = readonly [name: string, pathFor: (user: number) => string];

function summarise(page: string, times: number[], statuses: Record<string, number>, failures: { errors: number; timeouts: number }): PageLoad {
  const notOk = Object.entries(statuses).filter(([status]) => status !== "200").reduce((n, [, count]) => n + count, 0);
  return { page, requests: times.length, errors: failures.errors + notOk, timeouts: failures.timeouts, p50: Math.round(percentile(times, 50)), p95: Math.round(percentile(times, 95)), p99: Math.round(percentile(times, 99)), statuses };
}

/**
 * autocannon: the users go through `pages` in turn, each with their own session. With a `rate` (requests per
 * second over all users) it keeps that many connections, each carrying a fifth (or so) of the users in turn;
 * without one, each user has a connection and asks again as soon as answered (saturation).
 * One request in flight per connection, so answers come back in order and each is counted for its page.
 */
async function browse(base: string, cookies: string[], pages: readonly Page[], rate?: number): Promise<PageLoad[]> {
  const times = pages.map((): number[] => []);
  const statuses = pages.map((): Record<string, number> => ({}));
  const next = new Map<object, number>();
  const connections = rate ? Math.min(rate, cookies.length) : cookies.length;
  let connection = 0;
  const options: autocannon.Options = {
    url: base,
    connections,
    ...(rate ? { overallRate: rate } : {}),
    duration: SECONDS,
    timeout: 10,
    setupClient: (client) => {
      const mine = connection++;
      const users = cookies.map((cookie, user) => ({ cookie, user })).filter(({ user }) => user % connections === mine);
      client.setRequests(users.flatMap(({ cookie, user }) => pages.map(([, pathFor]) => ({ method: "GET" as const, path: pathFor(user), headers: { cookie } }))));
    },
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, finished) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(finished)));
    instance.on("response", (client, statusCode, _bytes, responseTime) => {
      const index = next.get(client) ?? 0;
      next.set(client, index + 1);
      const page = index % pages.length;
      times[page]?.push(responseTime);
      const counts = statuses[page] ?? {};
      counts[statusCode] = (counts[statusCode] ?? 0) + 1;
    });
  });
  // Errors and timeouts are not attributed to a page by autocannon: each page is shown its share.
  return pages.map(([name], i) => summarise(name, times[i] ?? [], statuses[i] ?? {}, { errors: Math.round(result.errors / pages.length), timeouts: Math.round(result.timeouts / pages.length) }));
}

/**
 * Users browsing: each reads a page for an exponentially distributed time (mean BROWSE_THINK_SECONDS), then opens
 * the next of `pages` in turn (each user starting at a different one), until SECONDS have passed.
 */
async function browseAsUsers(base: string, cookies: string[], pages: readonly Page[]): Promise<PageLoad[]> {
  const times = pages.map((): number[] => []);
  const statuses = pages.map((): Record<string, number> => ({}));
  const failures = { errors: 0, timeouts: 0 };
  const deadline = Date.now() + SECONDS * 1000;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await Promise.all(
    cookies.map(async (cookie, user) => {
      for (let visit = user; ; visit += 1) {
        await sleep(-Math.log(1 - Math.random()) * BROWSE_THINK_SECONDS * 1000);
        if (Date.now() >= deadline) return;
        const index = visit % pages.length;
        const [, pathFor] = pages[index] ?? pages[0] ?? ["", () => "/"];
        const started = performance.now();
        try {
          const response = await fetch(`${base}${pathFor(user)}`, { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(10_000) });
          await response.arrayBuffer();
          times[index]?.push(performance.now() - started);
          const counts = statuses[index] ?? {};
          counts[response.status] = (counts[response.status] ?? 0) + 1;
        } catch (error) {
          if (error instanceof Error && error.name === "TimeoutError") failures.timeouts += 1;
          failures.errors += 1;
        }
      }
    }),
  );
  return pages.map(([name], i) => summarise(name, times[i] ?? [], statuses[i] ?? {}, { errors: Math.round(failures.errors / pages.length), timeouts: Math.round(failures.timeouts / pages.length) }));
}

/** The pages users browse; a run monitor opens one of `monitors` (the demo's run made at start when none is active). */
function pagesFor(monitors: string[]): Page[] {
  return [
    ["dashboard /", () => "/"],
    ["models /models", () => "/models"],
    ["runs /runs", () => "/runs"],
    ["run monitor /runs/<id>", (user) => `/runs/${monitors[user % monitors.length]}`],
  ];
}

function print(title: string, loads: PageLoad[]) {
  console.log(title);
  for (const load of loads) {
    console.log(`  ${load.page.padEnd(24)} ${String(load.requests).padStart(6)} answers  p50 ${load.p50} ms  p95 ${load.p95} ms  p99 ${load.p99} ms  errors ${load.errors} (timeouts ${load.timeouts})  ${JSON.stringify(load.statuses)}`);
  }
}

async function main() {
  const dataDir = await newDataDir("load");
  const env = { FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE: "100000" };
  let ferry: FerryServer | null = null;
  try {
    console.log("cold start without warm-up…");
    ferry = await startFerry({ dataDir, port: PORT, enginePort: ENGINE_PORT, warmUp: false, env });
    const withoutWarmUp = await firstSignIn(ferry);
    await ferry.stop();
    console.log("cold start with warm-up…");
    ferry = await startFerry({ dataDir, port: PORT, enginePort: ENGINE_PORT, env });
    const withWarmUp = await firstSignIn(ferry);
    console.log(`first sign-in + dashboard: ${withoutWarmUp.withDashboardMs} ms without warm-up, ${withWarmUp.withDashboardMs} ms with (ready after ${Math.round(ferry.readyMs)} ms)`);

    // The app's modules read these on first use: the bench writes users and starts runs as the app would.
    process.env.DATABASE_URL = await ferry.databaseUrl();
    process.env.FERRY_ENGINE_PORT = String(ENGINE_PORT);
    process.env.FERRY_ENGINE_CREDENTIALS_FILE = path.join(dataDir, "engine", "credentials");
    const { prisma, disconnectPrisma } = await import("../../lib/db/prisma");
    const { executeCommand } = await import("../../lib/commands/command");
    const { createUser } = await import("../../lib/users/commands");
    const { findActor } = await import("../../lib/auth/actor");
    const { startRun } = await import("../../lib/runs/operations");
    const actorNamed = async (email: string) => {
      const actor = await findActor(prisma, (await prisma.user.findUniqueOrThrow({ where: { email } })).id);
      if (!actor) throw new Error(`${email} is disabled`);
      return actor;
    };
    const admin = await actorNamed("admin@ferry.local");
    const emails = Array.from({ length: USERS }, (_, i) => `load-${i}@ferry.bench`);
    for (const email of emails) await executeCommand(prisma, createUser, admin, { email, name: `Load user ${email.slice(5, 7)}`, password: BENCH_PASSWORD, roles: ["DATA_SCIENTIST"] });
    const cookies = await Promise.all(emails.map((email) => signIn(ferry?.base ?? "", email, BENCH_PASSWORD)));

    const ds = await actorNamed("ds@ferry.local");
    const demo = await prisma.deployment.findFirstOrThrow({ where: { status: "LIVE" }, select: { id: true } });
    // The baseline's monitor: one run of the demo, ended before the browsing starts.
    const { runId: ended } = await startRun(prisma, ds, { deploymentId: demo.id });
    while ((await prisma.run.findUniqueOrThrow({ where: { id: ended } })).status === "RUNNING") await new Promise((resolve) => setTimeout(resolve, 500));
    const idle = await browseAsUsers(ferry.base, cookies, pagesFor([ended]));
    print(`${USERS} users browsing, no run active (the baseline):`, idle);

    const limit = pLimit(10);
    const runIds: string[] = [];
    const startRuns = (count: number) => Promise.all(Array.from({ length: count }, () => limit(async () => runIds.push((await startRun(prisma, ds, { deploymentId: demo.id })).runId))));
    const countActive = () => prisma.run.count({ where: { id: { in: runIds }, status: { in: ["PENDING", "RUNNING"] } } });
    await startRuns(ACTIVE_RUNS);
    // Runs of the demo end within minutes: finished ones are replaced as they end, so 200 stay active throughout.
    const active: number[] = [];
    let keeping = true;
    const keeper = (async () => {
      while (keeping) {
        const now = await countActive();
        active.push(now);
        if (now < ACTIVE_RUNS) await startRuns(ACTIVE_RUNS - now);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    })();
    console.log(`${USERS} users signed in; ${await countActive()} runs active`);

    const pages = pagesFor(runIds.slice(0, MONITORS));
    const browsing = await browseAsUsers(ferry.base, cookies, pages);
    print(`${USERS} users browsing (a page every ${BROWSE_THINK_SECONDS} s each on average, ${USERS / BROWSE_THINK_SECONDS} requests/s):`, browsing);
    for (const [i, load] of browsing.entries()) console.log(`  ${load.page}: p95 ${(load.p95 / Math.max(1, idle[i]?.p95 ?? 1)).toFixed(2)}× the baseline's`);
    const paced = await browse(ferry.base, cookies, pages, Math.max(1, Math.round(USERS / BROWSE_THINK_SECONDS)));
    print(`autocannon paced at ${Math.round(USERS / BROWSE_THINK_SECONDS)} requests/s (bursts of ten at the top of each second):`, paced);
    // Saturation: every user asks again as soon as answered, one page at a time.
    const saturated: PageLoad[] = [];
    for (const page of pages) saturated.push(...(await browse(ferry.base, cookies, [page])));
    print(`${USERS} users each asking again at once (saturation), page by page:`, saturated);
    const restarts = ferry.supervisorLog().filter((line) => /exited|could not|keeps dying/.test(line));
    if (restarts.length) console.log(`npm start during the load:\n  ${restarts.join("\n  ")}`);
    keeping = false;
    await keeper;
    const activeRange = { min: Math.min(...active), max: Math.max(...active), runsStarted: runIds.length };
    const met = browsing.every((p) => p.p95 < TARGET_P95_MS && p.errors === 0);
    console.log(`runs active during the load: ${activeRange.min}–${activeRange.max} (${runIds.length} started); target p95 < ${TARGET_P95_MS} ms and no error while browsing: ${met ? "met" : "NOT met"}`);
    await disconnectPrisma();
    await writeResults("load", { users: USERS, activeRuns: activeRange, seconds: SECONDS, targetP95Ms: TARGET_P95_MS, idle, browsing, paced, saturated, restarts, firstSignIn: { withoutWarmUp, withWarmUp }, cpus: os.cpus().length, loadAverage: os.loadavg() });
  } finally {
    await ferry?.stop();
    await removeDataDir(dataDir);
  }
}

await main();
