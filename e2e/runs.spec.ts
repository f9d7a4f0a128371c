// Runs as a newcomer sees them: sign in, click Run on the seeded demo model, watch three steps turn green,
// download the final output; open the failed-run view of a broken model; see a run whose last step failed and
// was caught said as it is ("succeeded with failed steps") and a stopped run said "Stopped", never a failure.
// The models are the fixture legacy model with its scripts, staged into the embedded engine with their
// Deployment rows written here (approvals are the Deployments area's own spec).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { engineClientConfig, registerEngineImage } from "./engine";
import { DEMO, DEMO_MODEL, signIn } from "./support";

const FIXTURES = fileURLToPath(new URL("../tests/fixtures/legacy-model/", import.meta.url));
const BUCKET = "ferry-embedded";
const FRAMEWORK_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:0.23-1-cpu-py3";
const tag = randomBytes(3).toString("hex");
const CUSTOM_IMAGE = `000000000000.dkr.ecr.us-east-1.amazonaws.com/e2e-legacy-${tag}:1.0`;
const PREFIX = `e2e-runs-${tag}/`;
const models = { good: `e2e-churn-${tag}`, broken: `e2e-broken-${tag}`, caught: `e2e-caught-${tag}`, slow: `e2e-slow-${tag}` };
type CodeFolder = "scripts" | "failing" | "post-fails" | "slow";
const CODE_OF: Record<keyof typeof models, CodeFolder> = { good: "scripts", broken: "failing", caught: "post-fails", slow: "slow" };

/** The embedded PostgreSQL of the server under test: its port is in postmaster.pid under the e2e data directory. */
async function databaseUrl(): Promise<string> {
  const dataDir = process.env.FERRY_E2E_DATA_DIR;
  if (!dataDir) throw new Error("FERRY_E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  const pid = await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8");
  return `postgresql://postgres:ferry-local@127.0.0.1:${pid.split("\n")[3]?.trim()}/ferry`;
}

async function stageModel(): Promise<void> {
  const s3 = new S3Client({ ...(await engineClientConfig()), forcePathStyle: true });
  const folders = [
    ["scripts", "code/scripts/"],
    ["failing", "code/failing/"],
    ["slow", "code/slow/"],
    // The working preprocess.py beside a postprocess.py that raises: the template catches the last step.
    ["scripts", "code/post-fails/"],
    ["failing-post", "code/post-fails/"],
    ["data", "data/input/"],
    ["custom-image", "images/legacy/"],
  ] as const;
  for (const [folder, target] of folders) {
    const dir = path.join(FIXTURES, folder);
    for (const name of await readdir(dir)) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${target}${name}`, Body: await readFile(path.join(dir, name)) }));
    }
  }
  const registered = await registerEngineImage({ imageUri: CUSTOM_IMAGE, kind: "custom", buildContextUri: `s3://${BUCKET}/${PREFIX}images/legacy/` });
  expect(registered.ok, await registered.text()).toBe(true);
}

function binding(code: CodeFolder) {
  const resources = { instanceType: "ml.m5.xlarge", volumeSizeGb: 1, maxRuntimeSeconds: 120 };
  return {
    roleArn: "arn:aws:iam::000000000000:role/ferry-e2e",
    inputUri: `s3://${BUCKET}/${PREFIX}data/input/`,
    codeUri: `s3://${BUCKET}/${PREFIX}code/${code}/`,
    outputUri: `s3://${BUCKET}/${PREFIX}runs/`,
    scripts: { PREPROCESS: "preprocess.py", POSTPROCESS: "postprocess.py" },
    steps: { pre: { ...resources, imageUri: FRAMEWORK_IMAGE }, infer: { ...resources, imageUri: CUSTOM_IMAGE }, post: { ...resources, imageUri: FRAMEWORK_IMAGE } },
  };
}

/** Two models with a LIVE deployment of the seeded demo pipeline (churn-three-step, released at start). */
async function liveDeployments(): Promise<void> {
  const client = new pg.Client({ connectionString: await databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ version_id: string; environment_id: string; arn: string; version_arn: string; revision: string | null; user_id: string }>(
      `SELECT v.id AS version_id, r.environment_id, r.state_machine_arn AS arn, r.state_machine_version_arn AS version_arn, r.revision_id AS revision,
              (SELECT id FROM users WHERE email = $1) AS user_id
       FROM pipeline_releases r JOIN pipeline_versions v ON v.id = r.pipeline_version_id JOIN pipelines p ON p.id = v.pipeline_id
       WHERE p.name = 'churn-three-step' AND r.status = 'LIVE' ORDER BY r.created_at DESC LIMIT 1`,
      [DEMO.ds.email],
    );
    const demo = rows[0];
    expect(demo, "the start script seeds the demo pipeline, live in the engine").toBeDefined();
    if (!demo) return;
    for (const [key, slug] of Object.entries(models) as [keyof typeof models, string][]) {
      const code = CODE_OF[key];
      const model = await client.query<{ id: string }>(`INSERT INTO models (slug, display_name, team, owner_id) VALUES ($1, $1, 'e2e', $2) RETURNING id`, [slug, demo.user_id]);
      const deployment = await client.query<{ id: string }>(
        // Runs start on the release's published version, as they would on a deployment's own.
        `INSERT INTO deployments (model_id, pipeline_version_id, environment_id, parameters, artifacts, artifact_fingerprint, status, requested_by_id,
                                  state_machine_arn, state_machine_version_arn, state_machine_revision)
         VALUES ($1, $2, $3, $4, '{}', repeat('0', 64), 'LIVE', $5, $6, $7, $8) RETURNING id`,
        [model.rows[0]?.id, demo.version_id, demo.environment_id, JSON.stringify(binding(code)), demo.user_id, demo.arn, demo.version_arn, demo.revision],
      );
      // Runs start only while a deployment's approval holds: record the artifacts it binds, as an approval would.
      execFileSync("npx", ["tsx", "tests/deployments/bind-fixture.ts", deployment.rows[0]?.id ?? ""], { env: { ...process.env, DATABASE_URL: await databaseUrl() } });
    }
  } finally {
    await client.end();
  }
}

async function runModel(page: Page, slug: string): Promise<void> {
  await page.goto("/runs");
  const row = page.getByRole("listitem").filter({ hasText: slug });
  await row.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
}

test.describe("runs", () => {
  test.beforeAll(async () => {
    await stageModel();
    await liveDeployments();
  });

  test("a newcomer runs the demo, watches three steps turn green, and downloads the final output", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, DEMO.ds.email);
    await runModel(page, DEMO_MODEL.name);
    const nodes = page.getByTestId("run-graph-node");
    await expect(nodes).toHaveCount(3);
    await expect(page.locator('[data-testid="run-graph-node"][data-status="SUCCEEDED"]')).toHaveCount(3, { timeout: 60_000 });
    await expect(page.getByRole("heading", { level: 1 }).getByTestId("status")).toHaveText("Succeeded");
    await expect(page.getByTestId("step-card").first().getByText("ml.m5.xlarge", { exact: true })).toBeVisible();

    await page.screenshot({ path: test.info().outputPath("run-monitor.png"), fullPage: true });
    const outputs = page.getByTestId("output-browser");
    await outputs.getByRole("button", { name: "post/" }).click();
    await outputs.getByRole("button", { name: "post/final/" }).click();
    const download = page.waitForEvent("download");
    await outputs.getByRole("listitem").filter({ hasText: "summary.json" }).getByRole("link", { name: "Download" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("summary.json");
    const summary = JSON.parse(await readFile(await file.path(), "utf8")) as { customers: number };
    expect(summary.customers).toBe(120);
    await outputs.getByRole("listitem").filter({ hasText: "retention_list.csv" }).getByRole("button", { name: "Preview" }).click();
    await expect(outputs.getByRole("table", { name: "Preview of retention_list.csv" })).toBeVisible();
  });

  test("the failed-run view of a broken model shows the Python error on the failed step", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, DEMO.ds.email);
    await runModel(page, models.broken);
    await expect(page.getByRole("heading", { level: 1 }).getByTestId("status")).toHaveText("Failed", { timeout: 60_000 });
    const failed = page.locator('[data-testid="step-card"]').filter({ has: page.locator('[data-status="FAILED"]') }).first();
    await expect(failed.getByTestId("failure-reason")).toContainText("Error");
    await expect(failed.getByTestId("step-log")).toContainText("Traceback", { timeout: 15_000 });
    await expect(page.getByRole("button", { name: "Redrive from the failed step" })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("failed-run.png"), fullPage: true });

    await page.goto("/runs?status=FAILED");
    await expect(page.getByTestId("runs-table")).toContainText(models.broken);
    await expect(page.getByTestId("failure-groups")).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("runs-list.png"), fullPage: true });
    await page.goto("/");
    await expect(page.getByTestId("active-runs").or(page.getByText("Nothing running"))).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("dashboard.png"), fullPage: true });
  });

  test("a run whose last step failed and was caught says so on the monitor, in the list, on the model page and in failure groups", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, DEMO.ds.email);
    await runModel(page, models.caught);
    const runUrl = page.url();
    // Step Functions says SUCCEEDED; Ferry must not.
    const badge = page.getByRole("heading", { level: 1 }).getByTestId("status");
    await expect(badge).toHaveText("Succeeded with failed steps", { timeout: 60_000 });
    await expect(page.getByTestId("run-banner")).toContainText("Succeeded with failed steps: Postprocessing Script Mode failed.");
    await expect(page.getByTestId("run-banner")).toContainText("States.TaskFailed: ValueError: score column has N empty values");
    await expect(page.locator('[data-testid="run-graph-node"][data-status="FAILED"]')).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Redrive from the failed step" })).toHaveCount(0);

    await page.goto(`/runs?status=SUCCEEDED_WITH_FAILED_STEPS`);
    await expect(page.getByTestId("runs-table")).toContainText(models.caught);
    await page.goto(`/runs?status=SUCCEEDED`);
    await expect(page.getByTestId("runs-table").or(page.getByText("No run matches"))).not.toContainText(models.caught);
    await page.goto("/runs");
    const group = page.getByTestId("failure-groups").getByRole("listitem").filter({ hasText: "score column has N empty values" });
    await expect(group).toContainText("1 runs (1 succeeded with this step failed)");
    // A caught failure cannot be redriven: Step Functions only redrives failed, timed-out or stopped executions.
    await expect(group.getByRole("button", { name: "Redrive all failed" })).toHaveCount(0);

    await page.goto(`/models/${models.caught}`);
    await expect(page.getByTestId("success-rate")).toHaveText("0 % succeeded of the last 1 finished · 1 with failed steps");
    await expect(page.getByRole("region", { name: "Run history" }).getByTestId("status")).toHaveText("Succeeded with failed steps");

    // The starter is told, once, with a link to the run.
    await page.reload();
    await page.getByLabel(/Notifications, \d+ unread/).click();
    const notice = page.getByRole("list", { name: "Notifications" }).getByRole("link", { name: /finished with failed steps/ });
    await expect(notice).toHaveCount(1);
    expect(new URL(await notice.getAttribute("href") ?? "", runUrl).pathname).toBe(new URL(runUrl).pathname);
  });

  test("a stopped run says Stopped everywhere and is not treated as a failure", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, DEMO.ds.email);
    await runModel(page, models.slow);
    await expect(page.locator('[data-testid="step-card"] [data-status="RUNNING"]').first()).toBeVisible({ timeout: 30_000 });
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    const asked = page.getByRole("dialog", { name: "Stop this run?" });
    await expect(asked).toContainText("steps not yet started never run");
    await asked.getByRole("button", { name: "Stop the run" }).click();
    await expect(page.getByRole("heading", { level: 1 }).getByTestId("status")).toHaveText("Stopped", { timeout: 30_000 });
    await expect(page.getByTestId("run-banner")).toContainText(`Stopped: Stopped by ${DEMO.ds.email}`);
    await expect(page.getByTestId("run-error")).toHaveCount(0);

    await page.goto(`/runs?modelId=${await modelIdOf(page, models.slow)}`);
    await expect(page.getByTestId("runs-table").getByTestId("status")).toHaveText(["Stopped"]);
    await expect(page.locator("main")).not.toContainText(/aborted/i);
    await expect(page.getByTestId("failure-groups").or(page.getByText("No failures"))).not.toContainText(DEMO.ds.email);
    // "Redrive all failed" is not offered for a set of stopped runs only.
    await page.goto("/runs?status=ABORTED");
    const bulk = page.getByRole("group", { name: "The listed runs" });
    await expect(bulk.getByRole("button", { name: "Stop all active" })).toBeVisible();
    await expect(bulk.getByRole("button", { name: "Redrive all failed" })).toHaveCount(0);
    await page.goto("/runs?status=FAILED");
    await expect(page.getByRole("group", { name: "The listed runs" }).getByRole("button", { name: "Redrive all failed" })).toBeVisible();
  });
});

/** A model's id, as the model filter on the runs page lists it. */
async function modelIdOf(page: Page, slug: string): Promise<string> {
  await page.goto("/runs");
  const option = page.locator('select[name="modelId"] option').filter({ hasText: new RegExp(`^${slug}$`) });
  const id = await option.getAttribute("value");
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return id ?? "";
}
