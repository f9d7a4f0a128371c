import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { BASE_URL, DEMO, signedInContext } from "./support";

/** Pipeline names are state machine names: letters, digits, - and _; unique per run so reruns never collide. */
function uniquePipelineName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

function toast(page: Page, type: "success" | "error") {
  return page.locator(`[data-sonner-toast][data-type="${type}"]`);
}

const step = (page: Page, n: number) => page.getByRole("region", { name: `Step ${n}`, exact: true });
const publishButton = (page: Page) => page.getByRole("button", { name: "Publish", exact: true });

async function createPipeline(page: Page, name: string): Promise<string> {
  await page.goto("/pipelines");
  await page.getByRole("link", { name: "New pipeline" }).click();
  await page.getByLabel("Pipeline name").fill(name);
  await page.getByLabel("Description").fill("Built by the e2e suite");
  await page.getByRole("button", { name: "Create pipeline" }).click();
  await expect(page).toHaveURL(/\/pipelines\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  return page.url();
}

async function publish(page: Page, version: number) {
  await expect(page.getByText("No problems: the definition validates.")).toBeVisible();
  // Publishing asks first, saying a published version never changes.
  page.once("dialog", (dialog) => void dialog.accept());
  await publishButton(page).click();
  await expect(toast(page, "success").filter({ hasText: `Published version ${version}` })).toBeVisible();
  await expect(page.getByRole("article", { name: `Version ${version}` })).toBeVisible();
}

test.describe("Pipelines", () => {
  test("an MLOps engineer builds a three-step pipeline, fixes a validation error, publishes and compares versions", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.mlops.email);
    const crashes: string[] = [];
    page.on("pageerror", (error) => crashes.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") console.log(`[browser console] ${message.text()} (${message.location().url})`);
    });
    const name = uniquePipelineName("e2e-pipe");
    await createPipeline(page, name);

    // The article's three steps, in the graph and in the generated definition.
    await expect(page.getByTestId("graph-node")).toHaveCount(3);
    await page.getByRole("tab", { name: "Definition" }).click();
    const definition = page.getByLabel("Generated definition");
    for (const stepName of ["Preprocessing Script Mode", "Inference Custom Container", "Postprocessing Script Mode"]) await expect(definition).toContainText(stepName);

    // Renaming a step changes both previews.
    await step(page, 2).getByLabel("Name", { exact: true }).fill("Batch Inference");
    await expect(definition).toContainText('"Batch Inference"');
    await expect(definition).not.toContainText("Inference Custom Container");
    await page.getByRole("tab", { name: "Graph" }).click();
    await expect(page.getByTestId("graph-node").filter({ hasText: "Batch Inference" })).toHaveCount(1);

    // What each model must supply is explicit: the execution input's JSON Schema, per step key.
    await page.getByRole("tab", { name: "Model parameters" }).click();
    await expect(page.getByLabel("Execution input schema")).toContainText('"RoleArn"');
    await expect(page.getByLabel("Execution input schema")).toContainText('"infer"');
    await page.getByRole("tab", { name: "Graph" }).click();

    // A 7-character key is refused inline and Publish is unavailable until it is fixed.
    const key = step(page, 1).getByLabel("Key", { exact: true });
    await key.fill("preproc");
    await expect(step(page, 1).getByText("Step key must be at most 6 characters")).toBeVisible();
    await expect(page.getByRole("alert", { name: "Validation problems" })).toContainText("Step 1 (preproc) › key");
    await expect(publishButton(page)).toBeDisabled();
    await key.fill("prep");
    await expect(page.getByRole("alert", { name: "Validation problems" })).toHaveCount(0);
    await publish(page, 1);
    await page.screenshot({ path: test.info().outputPath("pipeline-editor.png"), fullPage: true });

    // Change an environment variable; publish v2.
    await step(page, 2).getByLabel("Variable 1 value").fill("0.7");
    await publish(page, 2);

    // Downloads of the frozen version.
    const v2 = page.getByRole("article", { name: "Version 2" });
    const definitionHref = await v2.getByRole("link", { name: "Definition" }).getAttribute("href");
    const download = await page.request.get(definitionHref ?? "");
    expect(download.status()).toBe(200);
    expect(download.headers()["content-disposition"]).toContain(`${name}-v2-definition.json`);
    expect(JSON.stringify(await download.json())).toContain('"MODEL_THRESHOLD":"0.7"');
    const sample = await page.request.get((definitionHref ?? "").replace("definition.json", "sample-input.json"));
    expect(sample.status()).toBe(200);
    expect(await sample.json()).toMatchObject({ RoleArn: "arn:aws:iam::000000000000:role/ferry-sagemaker", Steps: { prep: { InstanceType: "ml.m5.xlarge" } } });
    const cfn = await page.request.get((definitionHref ?? "").replace("definition.json", "cloudformation.json"));
    expect(await cfn.json()).toMatchObject({ Resources: { StateMachine: { Properties: { StateMachineName: name } } } });

    // Compare v1 → v2: the changed variable shows as a removed and an added line.
    const compare = page.getByRole("form", { name: "Compare versions" });
    await compare.getByLabel("From version").selectOption("1");
    await compare.getByLabel("To version").selectOption("2");
    await compare.getByRole("button", { name: "Compare" }).click();
    await expect(page).toHaveURL(/\/compare\?from=1&to=2$/);
    const specDiff = page.getByRole("region", { name: "Spec diff" });
    await expect(specDiff.locator('[data-diff="removed"]')).toContainText('"MODEL_THRESHOLD": "0.5"');
    await expect(specDiff.locator('[data-diff="added"]')).toContainText('"MODEL_THRESHOLD": "0.7"');
    await expect(page.getByRole("region", { name: "Definition diff" }).locator('[data-diff="added"]')).toContainText('"MODEL_THRESHOLD": "0.7"');
    await page.screenshot({ path: test.info().outputPath("compare.png"), fullPage: true });
    expect(crashes).toEqual([]);
    await context.close();
  });

  test("a version deploys to the embedded environment as a state machine", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.mlops.email);
    const name = uniquePipelineName("e2e-deploy");
    await createPipeline(page, name);
    await publish(page, 1);
    const v1 = page.getByRole("article", { name: "Version 1" });
    await v1.getByRole("button", { name: "Deploy v1" }).click();
    const deployments = v1.getByRole("list", { name: "Deployments" });
    // Queued: DEPLOYING until the worker has published it, then the page (refreshing while it waits) shows LIVE.
    await expect(deployments).toContainText("LIVE", { timeout: 30_000 });
    await expect(deployments).toContainText(`stateMachine:ferry-pl-${name}`);
    await context.close();
  });

  test("import: a Ferry definition becomes editable steps, anything else stays a raw definition", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.mlops.email);
    const source = uniquePipelineName("e2e-src");
    await createPipeline(page, source);
    await page.getByRole("tab", { name: "Definition" }).click();
    const definition = (await page.getByLabel("Generated definition").textContent()) ?? "";

    const imported = uniquePipelineName("e2e-imp");
    await page.goto("/pipelines/import");
    await page.getByLabel("Pipeline name").fill(imported);
    await page.getByLabel("Definition (JSON)").fill(definition);
    await page.getByRole("button", { name: "Import" }).click();
    await expect(toast(page, "success").filter({ hasText: "as editable steps" })).toContainText("Recognised 3 processing step(s)");
    await expect(page.getByRole("heading", { name: imported })).toBeVisible();
    await expect(page.getByTestId("graph-node")).toHaveCount(3);
    await expect(step(page, 2).getByLabel("Key", { exact: true })).toHaveValue("infer");

    const raw = uniquePipelineName("e2e-raw");
    await page.goto("/pipelines/import");
    await page.getByLabel("Pipeline name").fill(raw);
    await page.getByLabel("Definition (JSON)").fill(JSON.stringify({ StartAt: "Pause", States: { Pause: { Type: "Wait", Seconds: 1, Next: "Done" }, Done: { Type: "Succeed" } } }));
    await page.getByRole("button", { name: "Import" }).click();
    await expect(toast(page, "success").filter({ hasText: "as a raw definition" })).toBeVisible();
    await expect(page.getByRole("heading", { name: raw })).toBeVisible();
    await expect(page.getByTestId("graph-node")).toHaveCount(2);
    const editor = page.getByLabel("Definition (JSON)");
    await editor.fill('{ "StartAt": "Pause", ');
    await expect(page.getByRole("alert", { name: "Validation problems" })).toContainText("Not valid JSON");
    await expect(publishButton(page)).toBeDisabled();
    await editor.fill(JSON.stringify({ StartAt: "Pause", States: { Pause: { Type: "Wait", Seconds: 2, End: true } } }));
    await publish(page, 1);
    await context.close();
  });

  test("a data scientist sees pipelines read-only and cannot publish, even with a crafted request", async ({ browser }) => {
    const mlops = await signedInContext(browser, DEMO.mlops.email);
    const url = await createPipeline(mlops.page, uniquePipelineName("e2e-ro"));
    // Capture the publish action's request to replay it as someone else.
    const request = mlops.page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]) && (r.postData() ?? "").includes("pipelineId") && !(r.postData() ?? "").includes("draft"));
    await publish(mlops.page, 1);
    const published = await request;

    const ds = await signedInContext(browser, DEMO.ds.email);
    await ds.page.goto(url);
    await expect(ds.page.getByText("Read-only: your role can view pipelines")).toBeVisible();
    await expect(publishButton(ds.page)).toHaveCount(0);
    await expect(step(ds.page, 1).getByLabel("Name", { exact: true })).toBeDisabled();
    await expect(ds.page.getByTestId("graph-node")).toHaveCount(3);
    await ds.page.goto("/pipelines");
    await expect(ds.page.getByRole("link", { name: "New pipeline" })).toHaveCount(0);

    const replay = await ds.context.request.post(url, {
      headers: { "Next-Action": published.headers()["next-action"] ?? "", "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: BASE_URL },
      data: published.postData() ?? "",
    });
    const body = await replay.text();
    expect(body).toContain("FORBIDDEN");
    expect(body).not.toContain("contentHash");
    await mlops.context.close();
    await ds.context.close();
  });
});
