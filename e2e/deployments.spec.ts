// Deployments as people do them: an MLOps engineer uploads a model's scripts, requests a deployment with parity
// evidence (the golden input and the report the legacy scripts wrote on the desktop), an admin approves, the
// state machine appears in the engine through the SFN client and the model goes live; a later script upload
// invalidates the approval. The model's images and row are staged directly (the catalog's own specs cover
// registering them); everything about deployments goes through the UI.
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DescribeStateMachineCommand, ListTagsForResourceCommand, SFNClient } from "@aws-sdk/client-sfn";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { engineClientConfig, registerEngineImage } from "./engine";
import { DEMO, signedInContext } from "./support";

const FIXTURES = fileURLToPath(new URL("../tests/fixtures/legacy-model/", import.meta.url));
const BUCKET = "ferry-embedded";
const FRAMEWORK_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:0.23-1-cpu-py3";
const tag = randomBytes(3).toString("hex");
const CUSTOM_IMAGE = `000000000000.dkr.ecr.us-east-1.amazonaws.com/e2e-deploy-${tag}:1.0`;
const PREFIX = `e2e-deploy-${tag}/`;
const SLUG = `e2e-deploy-${tag}`;

async function databaseUrl(): Promise<string> {
  const dataDir = process.env.FERRY_E2E_DATA_DIR;
  if (!dataDir) throw new Error("FERRY_E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  const pid = await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8");
  return `postgresql://postgres:ferry-local@127.0.0.1:${pid.split("\n")[3]?.trim()}/ferry`;
}

async function withDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: await databaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The model's data and its inference image's build context in the engine; the images and the model in the catalog. */
async function stageModel(): Promise<void> {
  const s3 = new S3Client({ ...(await engineClientConfig()), forcePathStyle: true });
  for (const [folder, target] of [["data", "data/input/"], ["custom-image", "images/legacy/"]] as const) {
    for (const name of await readdir(path.join(FIXTURES, folder))) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${target}${name}`, Body: await readFile(path.join(FIXTURES, folder, name)) }));
    }
  }
  const registered = await registerEngineImage({ imageUri: CUSTOM_IMAGE, kind: "custom", buildContextUri: `s3://${BUCKET}/${PREFIX}images/legacy/` });
  expect(registered.ok, await registered.text()).toBe(true);
  await withDb(async (db) => {
    const owner = (await db.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [DEMO.mlops.email])).rows[0]?.id;
    const image = async (uri: string, kind: string) => {
      await db.query("INSERT INTO images (uri, kind, owner_id) VALUES ($1, $2, $3) ON CONFLICT (uri) DO NOTHING", [uri, kind, owner]);
      return (await db.query<{ id: string }>("SELECT id FROM images WHERE uri = $1", [uri])).rows[0]?.id;
    };
    const [framework, custom] = [await image(FRAMEWORK_IMAGE, "FRAMEWORK"), await image(CUSTOM_IMAGE, "CUSTOM")];
    await db.query(
      `INSERT INTO models (slug, display_name, team, owner_id, image_id, script_image_id, input_uri, output_uri, volume_size_gb, max_runtime_seconds, status)
       VALUES ($1, $1, 'e2e', $2, $3, $4, $5, $6, 1, 120, 'READY')`,
      [SLUG, owner, custom, framework, `s3://${BUCKET}/${PREFIX}data/input/`, `s3://${BUCKET}/${PREFIX}runs/`],
    );
  });
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** What the three legacy scripts write on a desktop for `csv` (preprocess → predict → postprocess), ported line by line. */
function legacyReport(csv: string) {
  const rows = csv.split("\n").filter((l) => l.trim()).map((l) => l.split(",").map(Number));
  const columns = rows[0]?.map((_, i) => rows.map((r) => r[i] ?? 0)) ?? [];
  const lows = columns.map((c) => Math.min(...c));
  const spans = columns.map((c, i) => Math.max(...c) - (lows[i] ?? 0) || 1);
  const features = rows.map((r) => r.map((v, i) => round6((v - (lows[i] ?? 0)) / (spans[i] ?? 1))));
  const scores = features.map((f) => round6(1 / (1 + Math.exp(-0.8 * (f.reduce((a, b) => a + b, 0) - f.length / 2)))));
  return { rows: scores.length, positive: scores.filter((s) => s >= 0.5).length, mean_score: round6(scores.reduce((a, b) => a + b, 0) / scores.length) };
}

function toast(page: Page, type: "success" | "error") {
  return page.locator(`[data-sonner-toast][data-type="${type}"]`);
}

async function uploadScripts(page: Page, files: { name: string; text: string }[], codeVersion: number) {
  await page.goto(`/models/${SLUG}`);
  await page.locator('input[type="file"]').first().setInputFiles(files.map((f) => ({ name: f.name, mimeType: "text/x-python", buffer: Buffer.from(f.text) })));
  await expect(toast(page, "success").filter({ hasText: `Stored code version ${codeVersion}` })).toBeVisible();
}

test.describe("deployments", () => {
  // The second test requests the model whose scripts the first one uploaded.
  test.describe.configure({ mode: "serial" });

  test.beforeAll(async () => {
    await stageModel();
  });

  test("request with parity evidence, four-eyes approval, live state machine; a script change invalidates the approval", async ({ browser }) => {
    test.setTimeout(180_000);
    const preprocess = await readFile(path.join(FIXTURES, "scripts/preprocess.py"), "utf8");
    const postprocess = await readFile(path.join(FIXTURES, "scripts/postprocess.py"), "utf8");
    const mlops = await signedInContext(browser, DEMO.mlops.email);
    const page = mlops.page;
    await uploadScripts(page, [{ name: "preprocess.py", text: preprocess }, { name: "postprocess.py", text: postprocess }], 1);

    // Request: model × demo pipeline × embedded; the review shows the exact input, policies and pre-flight.
    await page.goto("/deployments");
    await page.getByRole("link", { name: "Request a deployment" }).click();
    const form = page.getByRole("form", { name: "Request a deployment" });
    await form.getByLabel("Model", { exact: true }).selectOption({ label: `${SLUG} — ${SLUG}` });
    await form.getByLabel("Pipeline version", { exact: true }).selectOption({ label: "churn-three-step v1" });
    await form.getByLabel("Environment", { exact: true }).selectOption({ label: "embedded (embedded)" });
    const preflight = page.getByRole("list", { name: "Pre-flight checks" });
    await expect(preflight.locator('[data-ok="true"]')).toHaveCount(5);
    await expect(page.getByRole("region", { name: "Execution input" })).toContainText(`ferry/code/${SLUG}/1/`);
    await expect(page.getByLabel("State machine role policy")).toContainText("sagemaker:DescribeProcessingJob");
    await page.getByRole("button", { name: "Request deployment" }).click();
    await expect(page).toHaveURL(/\/deployments\/[0-9a-f-]{36}$/);
    const requestUrl = page.url();
    await expect(page.getByTestId("deployment-status").first()).toHaveText("Pending approval");

    // Parity: ten golden rows and the report the legacy scripts wrote for them on the desktop.
    const golden = `${(await readFile(path.join(FIXTURES, "data/customers.csv"), "utf8")).split("\n").filter(Boolean).slice(0, 10).join("\n")}\n`;
    const parity = page.getByRole("form", { name: "Parity evidence" });
    await parity.getByLabel("Golden input (what the legacy script read)").setInputFiles({ name: "golden.csv", mimeType: "text/csv", buffer: Buffer.from(golden) });
    await parity.getByLabel("Legacy output (.csv or .json it wrote)").setInputFiles({ name: "report.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(legacyReport(golden))) });
    await parity.getByLabel("Numeric tolerance (absolute)").fill("0.00001");
    await parity.getByRole("button", { name: "Run parity check" }).click();
    await expect(page.getByTestId("parity-verdict")).toContainText("Parity PASS", { timeout: 90_000 });

    // An admin approves; the deploy happens at once.
    const admin = await signedInContext(browser, DEMO.admin.email);
    await admin.page.goto("/deployments/approvals");
    await admin.page.getByRole("table", { name: "Approval queue" }).getByRole("link", { name: SLUG }).click();
    await expect(admin.page).toHaveURL(requestUrl);
    // What the admin approves: every artifact with its digest.
    const bound = admin.page.getByRole("table", { name: "Bound artifacts" });
    await expect(bound.getByRole("row").filter({ hasText: "State machine definition" })).toContainText(/sha256 [0-9a-f]{64}/);
    await expect(bound.getByRole("row").filter({ hasText: "preprocess.py" })).toContainText(/sha256 [0-9a-f]{64}/);
    await expect(bound.getByRole("row").filter({ hasText: CUSTOM_IMAGE })).toContainText("v1");
    await expect(bound.getByRole("row").filter({ hasText: "Code version" })).toContainText(`ferry/code/${SLUG}/1/`);
    await admin.page.getByRole("form", { name: "Decision" }).getByLabel("Comment").fill("Parity passed; ship it");
    await admin.page.getByRole("button", { name: "Approve and deploy" }).click();
    // The deploy is queued for the worker; the page follows it to its outcome.
    await expect(toast(admin.page, "success").filter({ hasText: "Approved: the deploy is queued" })).toBeVisible({ timeout: 30_000 });
    await expect(admin.page.getByTestId("deployment-status").first()).toHaveText("Live", { timeout: 30_000 });
    const arn = (await admin.page.getByTestId("state-machine-arn").textContent()) ?? "";
    expect(arn).toMatch(new RegExp(`:stateMachine:ferry-dp-${SLUG}$`));

    // The state machine, through the SFN client, tagged with the deployment; the model is live.
    const sfn = new SFNClient(await engineClientConfig());
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described.name).toBe(`ferry-dp-${SLUG}`);
    const { tags } = await sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    expect(Object.fromEntries((tags ?? []).map((t) => [t.key, t.value]))).toMatchObject({ "ferry:model": SLUG, "ferry:pipeline": "churn-three-step", "ferry:deployment": requestUrl.split("/").pop() });
    sfn.destroy();
    expect(await withDb(async (db) => (await db.query<{ status: string }>("SELECT status FROM models WHERE slug = $1", [SLUG])).rows[0]?.status)).toBe("LIVE");

    // A script changes afterwards: the approval no longer holds, and the page says what to do.
    await uploadScripts(page, [{ name: "preprocess.py", text: `${preprocess}\n# tuned on the desktop\n` }], 2);
    await page.goto(requestUrl);
    const stale = page.getByRole("alert", { name: "Approval no longer holds" });
    await expect(stale).toContainText("script preprocess.py changed");
    await expect(stale).toContainText("Runs of this deployment are refused");
    await expect(stale.getByRole("link", { name: "Request a new deployment" })).toBeVisible();
    // The script and the code version it made are marked; nothing else changed.
    const marked = page.getByRole("table", { name: "Bound artifacts" }).locator('tr[data-changed="true"]');
    await expect(marked).toHaveCount(2);
    await expect(marked.first()).toContainText("preprocess.py");
    await expect(marked.last()).toContainText("Code version");
    await expect(page.getByRole("button", { name: "Run", exact: true })).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath("deployment-stale.png"), fullPage: true });
    await mlops.context.close();
    await admin.context.close();
  });

  test("an admin cannot decide their own request, and a data scientist has no approval queue", async ({ browser }) => {
    const admin = await signedInContext(browser, DEMO.admin.email);
    const page = admin.page;
    await page.goto("/deployments/new");
    const form = page.getByRole("form", { name: "Request a deployment" });
    await form.getByLabel("Model", { exact: true }).selectOption({ label: `${SLUG} — ${SLUG}` });
    await form.getByLabel("Pipeline version", { exact: true }).selectOption({ label: "churn-three-step v1" });
    await expect(page.getByRole("list", { name: "Pre-flight checks" }).locator('[data-ok="true"]')).toHaveCount(5);
    await page.getByRole("button", { name: "Request deployment" }).click();
    await expect(page).toHaveURL(/\/deployments\/[0-9a-f-]{36}$/);
    await expect(page.getByText("You requested this deployment: another admin must decide it.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Approve and deploy" })).toHaveCount(0);
    // What changes against the live deployment of the first test: the new code version.
    await expect(page.getByRole("region", { name: "Changes against the live deployment" })).toContainText("script preprocess.py changed");
    await admin.context.close();

    const ds = await signedInContext(browser, DEMO.ds.email);
    const response = await ds.page.goto("/deployments/approvals");
    expect(response?.status()).toBe(403);
    await ds.page.goto("/deployments");
    await expect(ds.page.getByRole("link", { name: /^Approvals/ })).toHaveCount(0);
    await ds.context.close();
  });
});
