// Finding 4 of issue 11, replayed in a real browser: a page served from another localhost port (same site, so
// the admin's Lax session cookie travels with its requests) tries every way it has to make the admin's
// browser change something in Ferry or in the engine. Nothing may change.
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from "@aws-sdk/client-sfn";
import { expect, test } from "@playwright/test";
import { fingerprint, withDatabase } from "./database";
import { ENGINE, engineClientConfig } from "./engine";
import { BASE_URL, DEMO, signedInContext } from "./support";

// The test itself reads the engine as Ferry does, with the engine's own credentials; the hostile page has none.
const engineSfn = async () => new SFNClient(await engineClientConfig());

/** The attacks, run in the hostile page; each records how far the browser let it go (the answers are opaque). */
function hostilePage(target: { ferry: string; engine: string; userId: string; actionIds: string[]; stateMachines: string[] }): string {
  const escalate = JSON.stringify({ userId: target.userId, roles: ["DATA_SCIENTIST", "ADMIN"] });
  return `<!doctype html><html><body><iframe name="sink"></iframe><script>
const t = ${JSON.stringify(target)};
const escalate = ${JSON.stringify(escalate)};
const tried = [];
async function attempt(name, fn) { try { await fn(); tried.push(name + ": sent"); } catch (e) { tried.push(name + ": blocked"); } }
function submit(action, enctype, fields) {
  return new Promise((resolve) => {
    const form = document.createElement("form");
    form.method = "POST"; form.action = action; form.enctype = enctype; form.target = "sink";
    for (const [name, value] of fields) { const input = document.createElement("input"); input.type = "hidden"; input.name = name; input.value = value; form.appendChild(input); }
    document.body.appendChild(form);
    document.querySelector("iframe").onload = () => resolve();
    form.submit();
    setTimeout(resolve, 3000);
  });
}
(async () => {
  const roles = t.ferry + "/api/admin/users/roles";
  await attempt("roles no-cors text/plain", () => fetch(roles, { method: "POST", mode: "no-cors", credentials: "include", headers: { "Content-Type": "text/plain" }, body: escalate }));
  await attempt("roles cors json", () => fetch(roles, { method: "POST", credentials: "include", headers: { "Content-Type": "application/json" }, body: escalate }));
  await attempt("roles form text/plain", () => submit(roles, "text/plain", [[escalate.slice(0, -1) + ',"x":"', '"}']]));
  for (const id of t.actionIds) {
    const args = JSON.stringify([{ userId: t.userId, roles: ["DATA_SCIENTIST", "ADMIN"] }]);
    await attempt("action no-cors " + id, () => fetch(t.ferry + "/admin", { method: "POST", mode: "no-cors", credentials: "include", headers: { "Content-Type": "text/plain;charset=UTF-8" }, body: args }));
    await attempt("action cors " + id, () => fetch(t.ferry + "/admin", { method: "POST", credentials: "include", headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8" }, body: args }));
    await attempt("action form " + id, () => submit(t.ferry + "/admin", "multipart/form-data", [["$ACTION_ID_" + id, ""], ["userId", t.userId], ["roles", "ADMIN"]]));
  }
  for (const arn of t.stateMachines) {
    const start = JSON.stringify({ stateMachineArn: arn, name: "hostile-" + Date.now(), input: "{}" });
    await attempt("engine no-cors", () => fetch(t.engine + "/", { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body: start }));
    await attempt("engine cors", () => fetch(t.engine + "/", { method: "POST", headers: { "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AWSStepFunctions.StartExecution" }, body: start }));
    await attempt("engine form", () => submit(t.engine + "/", "text/plain", [[start.slice(0, -1) + ',"x":"', '"}']]));
  }
  document.body.dataset.tried = JSON.stringify(tried);
})();
</script></body></html>`;
}

async function executionCounts(arns: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const sfn = await engineSfn();
  for (const arn of arns) counts[arn] = (await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 1000 }))).executions?.length ?? 0;
  return counts;
}

test("a page on another localhost port cannot use the admin's session or reach the engine", async ({ browser }) => {
  const userId = await withDatabase(async (db) => (await db.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [DEMO.ds.email])).rows[0]?.id ?? "");
  const actionIds = await adminActionIds();
  const stateMachines = ((await (await engineSfn()).send(new ListStateMachinesCommand({}))).stateMachines ?? []).map((m) => m.stateMachineArn ?? "");
  expect(userId).not.toBe("");
  expect(actionIds.length).toBeGreaterThan(0);
  expect(stateMachines.length).toBeGreaterThan(0);

  const html = hostilePage({ ferry: BASE_URL, engine: ENGINE, userId, actionIds, stateMachines });
  const server = http.createServer((_, response) => response.writeHead(200, { "Content-Type": "text/html" }).end(html));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const hostile = `http://localhost:${(server.address() as AddressInfo).port}/`;

  const admin = await signedInContext(browser, DEMO.admin.email);
  try {
    const before = { tables: await fingerprint(), executions: await executionCounts(stateMachines) };
    const refusals: { url: string; status: number }[] = [];
    admin.page.on("response", (response) => {
      if (response.request().method() === "POST" && response.url().startsWith(BASE_URL)) refusals.push({ url: response.url(), status: response.status() });
    });
    await admin.page.goto(hostile);
    await expect(admin.page.locator("body[data-tried]")).toBeAttached({ timeout: 60_000 });
    const tried = JSON.parse((await admin.page.locator("body").getAttribute("data-tried")) ?? "[]") as string[];
    // The simple requests and the form posts did reach Ferry with the cookie: the guards, not the browser, refused them.
    expect(tried.filter((line) => line.endsWith(": sent")).length).toBeGreaterThan(0);
    for (const answer of refusals) expect([403, 415], `${answer.url} answered ${answer.status}`).toContain(answer.status);
    expect(refusals.filter((r) => r.url === `${BASE_URL}/api/admin/users/roles` && r.status === 403).length).toBeGreaterThanOrEqual(2);
    expect(refusals.filter((r) => r.url === `${BASE_URL}/admin` && r.status === 403).length).toBeGreaterThanOrEqual(actionIds.length);

    expect(await fingerprint()).toEqual(before.tables);
    expect(await executionCounts(stateMachines)).toEqual(before.executions);
    const roles = await withDatabase(async (db) => (await db.query<{ role: string }>(`SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role`, [userId])).rows.map((r) => r.role));
    expect(roles).toEqual(["DATA_SCIENTIST"]);
  } finally {
    await admin.context.close();
    server.close();
  }
});

test("a server action called with Origin of another localhost port is refused with 403 before Next parses it", async ({ browser }) => {
  const admin = await signedInContext(browser, DEMO.admin.email);
  const id = (await adminActionIds("setUserRolesAction"))[0];
  expect(id).toBeTruthy();
  const userId = await withDatabase(async (db) => (await db.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [DEMO.ds.email])).rows[0]?.id ?? "");
  const call = (origin: string) =>
    admin.page.request.post("/admin", {
      headers: { "Next-Action": id ?? "", "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: origin },
      data: JSON.stringify([{ userId, roles: ["DATA_SCIENTIST", "ADMIN"] }]),
    });
  // Next's own check compares Origin with Host and would answer 500; Ferry's proxy answers first, with a 403.
  const refused = await call("http://localhost:4000");
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({ ok: false, code: "FORBIDDEN" });
  const roles = await withDatabase(async (db) => (await db.query<{ role: string }>(`SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role`, [userId])).rows.map((r) => r.role));
  expect(roles).toEqual(["DATA_SCIENTIST"]);
  await admin.context.close();
});

/** The Admin page's server actions (or the one named), by id, from the build the server runs. */
async function adminActionIds(name?: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(`${process.env.FERRY_NEXT_DIST_DIR || ".next"}/server/server-reference-manifest.json`, "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  return Object.entries(manifest.node)
    .filter(([, entry]) => entry.filename === "app/(app)/admin/actions.ts" && (name === undefined || entry.exportedName === name))
    .map(([id]) => id);
}
