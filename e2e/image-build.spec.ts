// Building the demo's inference image from its context through the UI, as the article's data scientist does with
// the Studio Image Build CLI: the engine's CodeBuild builds it (a job the worker runs), the build page shows the
// phases and the CloudWatch build log, and a run of the demo executes the image by the digest that was built.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { axeFindings } from "./axe";
import { fingerprint, withDatabase } from "./database";
import { BASE_URL, DEMO, DEMO_MODEL, signedInContext } from "./support";

const CONTEXT = path.resolve("prisma/demo/churn/inference-image");
const DEMO_IMAGE = "000000000000.dkr.ecr.us-east-1.amazonaws.com/churn-legacy:1.0";

test("the demo's inference image is built from its context, its log shown, and a run of the demo executes the digest built", async ({ browser }) => {
  test.setTimeout(300_000);
  const ds = await signedInContext(browser, DEMO.ds.email);
  const { page } = ds;
  await page.goto("/images");
  await page.getByRole("link", { name: "Build an image" }).click();
  await expect(page.getByRole("heading", { name: "Build an image" })).toBeVisible();

  await page.locator('input[type="file"][aria-label="Build context"]').setInputFiles(["Dockerfile", "predict.py", "requirements.txt"].map((name) => path.join(CONTEXT, name)));
  await expect(page.getByText("Ready: the Dockerfile and the imports raise nothing.")).toBeVisible();
  await page.getByLabel("Repository").fill("churn-legacy");
  await page.getByLabel("Tag").fill("1.0");
  await page.getByRole("button", { name: "Build", exact: true }).click();

  await page.waitForURL(/\/images\/builds\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("build-status")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 240_000 });
  await expect(page.getByRole("region", { name: "Phases" }).locator('[data-phase="BUILD"]')).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(page.locator('pre[aria-label="Build log"]')).toContainText("Phase complete: BUILD State: SUCCEEDED", { timeout: 30_000 });
  // The build page is checked as every page is (e2e/accessibility.spec.ts runs before any build exists).
  expect(await axeFindings(page, new URL(page.url()).pathname)).toEqual([]);
  const built = (await page.getByTestId("built-digest").textContent())?.trim() ?? "";
  expect(built).toMatch(/^sha256:[0-9a-f]{64}$/);

  // Runs bind the catalog image's digest: the one the build registered.
  const catalog = await withDatabase(async (db) => (await db.query<{ digest: string }>("SELECT digest FROM images WHERE uri = $1", [DEMO_IMAGE])).rows[0]?.digest);
  expect(catalog).toBe(built);

  // A run of the demo executes that digest: its inference step's job ran `churn-legacy@<digest>`.
  await page.goto("/runs");
  await page.getByRole("listitem").filter({ hasText: DEMO_MODEL.name }).getByRole("button", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 }).getByTestId("status")).toHaveText("Succeeded", { timeout: 90_000 });
  const inference = page.locator('[data-testid="step-card"][data-step^="Inference"]');
  await expect(inference).toContainText(`${DEMO_IMAGE.replace(/:1\.0$/, "")}@${built}`);
  await ds.context.close();
});

test("a build asked for from another localhost page, or with a Dockerfile that leaks a secret, is refused and changes nothing", async ({ browser }) => {
  const ds = await signedInContext(browser, DEMO.ds.email);
  const before = await fingerprint();
  const dockerfile = (text: string) => ({ name: "Dockerfile", mimeType: "text/plain", buffer: Buffer.from(text) });
  const post = (origin: string, text: string) =>
    ds.page.request.post("/api/catalog/image-builds", { multipart: { repository: "leaky", tag: "1", files: dockerfile(text) }, headers: { Origin: origin } });

  const foreign = await post("http://localhost:4000", 'FROM python:3.11-slim\nENTRYPOINT ["python3"]\n');
  expect(foreign.status()).toBe(403);
  const leaky = await post(BASE_URL, 'FROM python:3.11-slim\nENV DB_PASSWORD=hunter2\nENTRYPOINT ["python3"]\n');
  expect(leaky.status()).toBe(422);
  const body = (await leaky.json()) as { error: string };
  expect(body.error).toContain("Dockerfile:2");
  expect(body.error).not.toContain("hunter2");
  expect(await fingerprint()).toEqual(before);
  await ds.context.close();
});

test("a waiting build offers Stop to whoever asked for it and not to others; the stop is recorded and the page says so", async ({ browser }) => {
  // A build as its request writes it, but without its job: it waits, so its page can be looked at before a worker takes it.
  const buildId = await withDatabase(async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO image_builds (environment_id, image_uri, repository, tag, context_uri, context_digest, context_files, requested_by_id)
       SELECT e.id, '000000000000.dkr.ecr.us-east-1.amazonaws.com/waiting:1', 'waiting', '1', 's3://' || e.bucket || '/ferry/build-contexts/' || repeat('ab', 32) || '/', 'sha256:' || repeat('ab', 32), ARRAY['Dockerfile'], u.id
       FROM environments e, users u WHERE e.kind = 'EMBEDDED' AND u.email = $1 RETURNING id`,
      [DEMO.ds.email],
    );
    return rows[0]?.id ?? "";
  });
  expect(buildId).not.toBe("");

  const mlops = await signedInContext(browser, DEMO.mlops.email);
  await mlops.page.goto(`/images/builds/${buildId}`);
  await expect(mlops.page.getByTestId("build-status")).toHaveAttribute("data-status", "QUEUED");
  await expect(mlops.page.getByRole("button", { name: "Stop build" })).toHaveCount(0);
  await mlops.context.close();

  const ds = await signedInContext(browser, DEMO.ds.email);
  await ds.page.goto(`/images/builds/${buildId}`);
  await expect(ds.page.getByRole("button", { name: "Stop build" })).toBeVisible();
  // Beside the heading, not in it: the page's name stays the image.
  await expect(ds.page.getByRole("heading", { level: 1 })).not.toContainText("Stop");
  expect(await axeFindings(ds.page, "/images/builds/[waiting]")).toEqual([]);
  await ds.page.getByRole("button", { name: "Stop build" }).click();
  const dialog = ds.page.getByRole("dialog", { name: "Stop this build?" });
  await expect(dialog).toContainText("keeps the version it has");
  await dialog.getByRole("button", { name: "Stop the build" }).click();
  await expect(ds.page.getByRole("status").filter({ hasText: "asked to stop this build" })).toBeVisible();
  await expect(ds.page.getByRole("button", { name: "Stop build" })).toHaveCount(0);
  const stopper = await withDatabase(async (db) => (await db.query<{ email: string }>("SELECT u.email FROM image_builds b JOIN users u ON u.id = b.stop_requested_by_id WHERE b.id = $1", [buildId])).rows[0]?.email);
  expect(stopper).toBe(DEMO.ds.email);
  await ds.context.close();
});
