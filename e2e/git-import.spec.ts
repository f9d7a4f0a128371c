// The article's first step through the UI: the data scientist imports the demo's legacy code from its Git
// repository (a real one, served by git http-backend on 127.0.0.1, a host the admin allows on Admin →
// Environments), the model page shows the commit of each code version, a signed push proposes the next commit,
// "Check for changes" shows the diff and importing it makes code version 2.
import { createHmac, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startGitServer, type GitServer } from "../tests/git/git-server";
import { withDatabase } from "./database";
import { BASE_URL, DEMO, signedInContext } from "./support";

function toast(page: Page, type: "success" | "error") {
  return page.locator(`[data-sonner-toast][data-type="${type}"]`);
}

const DEMO_DIR = path.resolve("prisma/demo/churn");
let server: GitServer;

test.beforeAll(async () => {
  server = await startGitServer();
});

test.afterAll(async () => {
  await server?.close();
});

test("the demo's code is imported from Git through the UI, and each code version shows its commit", async ({ browser }) => {
  const repo = await server.repository("churn-legacy");
  const demo = async (file: string) => readFile(path.join(DEMO_DIR, file));
  const first = await repo.commit({
    "churn/preprocess.py": await demo("preprocess.py"),
    "churn/predict.py": await demo("inference-image/predict.py"),
    "churn/postprocess.py": await demo("postprocess.py"),
    "churn/requirements.txt": await demo("inference-image/requirements.txt"),
    "README.md": "# Churn, as the desktop had it\n",
  });
  const slug = `git-${randomBytes(3).toString("hex")}`;
  const ds = await signedInContext(browser, DEMO.ds.email);
  const page = ds.page;
  await page.goto("/models/new");
  const create = page.getByRole("form", { name: "New model" });
  await create.getByLabel("Name (slug)").fill(slug);
  await create.getByLabel("Display name").fill("Churn from Git");
  await create.getByLabel("Team").fill("retention");
  await create.getByRole("button", { name: "Create model" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${slug}$`));

  const form = page.getByRole("form", { name: "Import from Git" });
  await form.getByLabel("Repository URL").fill(server.url("churn-legacy"));
  await form.getByLabel("Branch, tag or commit").fill("main");
  await form.getByLabel("Sub-folder (optional)").fill("churn");
  await form.getByLabel("Preprocess script").fill("preprocess.py");
  await form.getByLabel("Inference script").fill("predict.py");
  await form.getByLabel("Postprocess script").fill("postprocess.py");
  await form.getByLabel("Requirements file").fill("requirements.txt");

  // The Git server is on loopback: refused until an admin allows its host, and nothing reached it.
  const requests = server.requests();
  await form.getByRole("button", { name: "Import" }).click();
  await expect(toast(page, "error").filter({ hasText: "https://" })).toBeVisible();
  expect(server.requests()).toBe(requests);

  const admin = await signedInContext(browser, DEMO.admin.email);
  await admin.page.goto("/admin/environments");
  const allow = admin.page.getByRole("form", { name: "Allow a Git host" });
  await allow.getByLabel("Host name or IP address").fill("127.0.0.1");
  await allow.getByRole("button", { name: "Allow" }).click();
  await expect(toast(admin.page, "success").filter({ hasText: "Git fetches may now reach 127.0.0.1" })).toBeVisible();
  await expect(admin.page.getByRole("list", { name: "Allowed Git hosts" })).toContainText("127.0.0.1");

  await form.getByRole("button", { name: "Import" }).click();
  await expect(toast(page, "success").filter({ hasText: `Imported commit ${first.slice(0, 12)} as code version 1` })).toBeVisible();
  const secret = (await page.getByTestId("webhook-secret").textContent()) ?? "";
  expect(secret).toMatch(/^[\w-]{43}$/);
  await expect(page.getByLabel("Code versions")).toContainText(`commit ${first.slice(0, 12)}`);
  await expect(page.getByLabel("Code versions")).toContainText(server.url("churn-legacy"));
  await expect(page.getByLabel("Stage of preprocess.py")).toHaveValue("PREPROCESS");
  await expect(page.getByLabel("Stage of predict.py")).toHaveValue("INFERENCE");
  await expect(page.getByLabel("Stage of postprocess.py")).toHaveValue("POSTPROCESS");
  await expect(page.getByLabel("Missing before it can run")).not.toContainText("Upload the model's scripts");
  await page.screenshot({ path: test.info().outputPath("git-import.png"), fullPage: true });

  // A push: the Git server calls the webhook. Unsigned or form-encoded deliveries are refused.
  const second = await repo.commit({ "churn/postprocess.py": `${(await demo("postprocess.py")).toString()}\n# keep the top decile only\n` });
  const repositoryId = await withDatabase(async (db) => (await db.query<{ id: string }>(`SELECT r.id FROM git_repositories r JOIN models m ON m.id = r.model_id WHERE m.slug = $1`, [slug])).rows[0]?.id);
  const hook = `${BASE_URL}/api/webhooks/git/${repositoryId}`;
  const body = JSON.stringify({ ref: "refs/heads/main", before: first, after: second });
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  const send = (headers: Record<string, string>) => fetch(hook, { method: "POST", body, headers: { "Content-Type": "application/json", "X-GitHub-Event": "push", ...headers } });
  expect((await send({ "X-GitHub-Delivery": "bad-1", "X-Hub-Signature-256": `sha256=${"0".repeat(64)}` })).status).toBe(401);
  expect((await send({ "Content-Type": "application/x-www-form-urlencoded", "X-GitHub-Delivery": "form-1", "X-Hub-Signature-256": signature })).status).toBe(415);
  const proposed = await send({ "X-GitHub-Delivery": "push-1", "X-Hub-Signature-256": signature });
  expect(await proposed.json()).toMatchObject({ ok: true, data: { status: "proposed" } });
  expect(await (await send({ "X-GitHub-Delivery": "push-1", "X-Hub-Signature-256": signature })).json()).toMatchObject({ ok: true, data: { status: "replayed" } });

  await page.reload();
  await expect(page.getByText("New version available")).toContainText(second.slice(0, 12));
  await page.getByRole("button", { name: "Check for changes" }).click();
  const changes = page.getByRole("region", { name: "Changes in the repository" });
  await expect(changes).toContainText("postprocess.py changed");
  await expect(changes.getByLabel("Changes to postprocess.py")).toContainText("+ # keep the top decile only");
  await changes.getByRole("button", { name: `Import ${second.slice(0, 12)} as a new code version` }).click();
  await expect(toast(page, "success").filter({ hasText: `Imported commit ${second.slice(0, 12)} as code version 2` })).toBeVisible();
  await expect(page.getByText("New version available")).toHaveCount(0);
  await expect(page.getByLabel("Code versions")).toContainText(`commit ${second.slice(0, 12)}`);
  await expect(page.getByLabel("Code versions")).toContainText(`commit ${first.slice(0, 12)}`);
  await expect(page.getByLabel("History", { exact: true })).toContainText("as code version 2");

  await Promise.all([ds.context.close(), admin.context.close()]);
});
