// `npm start` keeps its children alive (issue 19), tried on the very `npm start` this suite runs against: during a
// run, each child is killed -9 in turn (the engine, the worker, the web server, PostgreSQL), each found by the
// supervisor's own record (children.json in the data directory) and checked to be its child, never by name. Each
// comes back with a new process id; readiness says degraded while the worker is down and ok once it beats again;
// the run reaches its final state in the catalog. It runs last (playwright.config.ts: project "supervision").
import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { readChildPids } from "../scripts/child-pids";
import { withDatabase } from "./database";
import { DEMO, DEMO_MODEL, signIn } from "./support";

const DATA_DIR = process.env.FERRY_E2E_DATA_DIR ?? "";
const FINAL = ["SUCCEEDED", "SUCCEEDED_WITH_FAILED_STEPS", "FAILED", "TIMED_OUT", "ABORTED"];

/** The parent of a process, from /proc: the kill is sent only to a child of this suite's `npm start`. */
async function parentOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

type Readiness = { status: string; reasons: string[] } | null;

async function readiness(request: APIRequestContext): Promise<Readiness> {
  try {
    const response = await request.get("/api/health/ready", { timeout: 5_000 });
    return (await response.json()) as Readiness;
  } catch {
    return null;
  }
}

async function live(request: APIRequestContext): Promise<boolean> {
  return request.get("/api/health/live", { timeout: 5_000 }).then((r) => r.ok(), () => false);
}

async function runStatus(runId: string): Promise<string | null> {
  return withDatabase(async (client) => (await client.query<{ status: string }>("SELECT status::text FROM runs WHERE id = $1", [runId])).rows[0]?.status ?? null).catch(() => null);
}

test("each child of npm start killed -9 during a run comes back; health tells the truth; the run ends", async ({ page, request }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.ds.email);
  await page.goto("/runs");
  await page.getByRole("listitem").filter({ hasText: DEMO_MODEL.name }).getByRole("button", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  const runId = page.url().split("/").at(-1) ?? "";
  await page.close();
  await expect.poll(() => readiness(request).then((r) => r?.status), { timeout: 30_000 }).toBe("ok");

  for (const name of ["engine", "worker", "web server", "PostgreSQL"]) {
    const { supervisor, children } = await readChildPids(DATA_DIR);
    const pid = children[name];
    if (!pid) throw new Error(`children.json names no ${name}`);
    expect(await parentOf(pid), `${name} (pid ${pid}) is a child of this npm start`).toBe(supervisor);
    process.kill(pid, "SIGKILL");
    if (name === "worker") {
      await expect.poll(() => readiness(request), { timeout: 15_000, intervals: [200] }).toMatchObject({ status: "degraded", reasons: expect.arrayContaining([expect.stringContaining("no worker")]) });
    }
    await expect.poll(async () => (await readChildPids(DATA_DIR)).children[name], { timeout: 45_000, message: `${name} restarted` }).not.toBe(pid);
    await expect.poll(() => live(request), { timeout: 45_000 }).toBe(true);
    if (name === "worker") await expect.poll(() => readiness(request).then((r) => r?.status), { timeout: 30_000 }).toBe("ok");
  }

  await expect.poll(() => readiness(request).then((r) => r?.status), { timeout: 30_000 }).toBe("ok");
  await expect.poll(() => runStatus(runId), { timeout: 60_000, message: "the run reaches a final state" }).toMatch(new RegExp(`^(${FINAL.join("|")})$`));
});
