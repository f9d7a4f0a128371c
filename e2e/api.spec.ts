// Issue 15's journey done by machines: tokens made on the profile page (shown once), then the seed's whole
// journey through the `ferry` CLI alone against `npm start`'s embedded default — register images and a build
// context, lift a model from a manifest, upload its scripts, publish a pipeline, request the deployment, approve
// it as another person and deploy it, run it with --wait (exit code = outcome) and read its logs. The API
// browser renders the document and tries a read with the session.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { BASE_URL, DEMO, signedInContext } from "./support";

const BIN = path.resolve("bin/ferry.mjs");
const ASSETS = path.resolve("prisma/demo/churn");

type Cli = { code: number; stdout: string; stderr: string };

function ferry(args: string[], token: string, home: string): Promise<Cli> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", HOME: home, FERRY_URL: BASE_URL, FERRY_TOKEN: token }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function ok(run: Promise<Cli>, what: string): Promise<Cli> {
  const result = await run;
  expect(result.code, `${what}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`).toBe(0);
  return result;
}

/** A token made through the profile page, read from the one place it is ever shown. */
async function tokenFor(browser: Browser, email: string, name: string): Promise<string> {
  const { context, page } = await signedInContext(browser, email);
  await page.goto("/profile");
  const form = page.getByRole("form", { name: "Create a token" });
  await form.getByLabel("Name (what it is for)").fill(name);
  await form.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByTestId("new-token").inputValue();
  expect(token).toMatch(/^ferry_pat_[0-9a-f]{32}_[\w-]{43}$/);
  await page.reload();
  await expect(page.getByTestId(`token-${name}`)).toBeVisible();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await context.close();
  return token;
}

test.describe.configure({ mode: "serial" });

test("the seed's journey through the ferry CLI alone, with tokens from the profile page", async ({ browser }) => {
  test.setTimeout(420_000);
  const suffix = randomBytes(3).toString("hex");
  const home = await mkdtemp(path.join(os.tmpdir(), "ferry-e2e-cli-"));
  try {
    const ds = await tokenFor(browser, DEMO.ds.email, `ci-ds-${suffix}`);
    const mlops = await tokenFor(browser, DEMO.mlops.email, `ci-mlops-${suffix}`);
    const admin = await tokenFor(browser, DEMO.admin.email, `ci-admin-${suffix}`);

    // Where the demo's data lives (the catalog's bucket), as the API tells anyone who may read.
    const demo = JSON.parse((await ok(ferry(["models", "get", "churn-demo", "-o", "json"], ds, home), "read the demo model")).stdout) as { inputUri: string };
    const bucket = new URL(demo.inputUri).host;

    const framework = `000000000000.dkr.ecr.us-east-1.amazonaws.com/cli-sklearn-${suffix}:1.0`;
    const custom = `000000000000.dkr.ecr.us-east-1.amazonaws.com/cli-churn-${suffix}:1.0`;
    const scriptImage = JSON.parse((await ok(ferry(["images", "register", framework, "--kind", "framework", "--python", "python3", "-o", "json"], ds, home), "register the framework image")).stdout) as { id: string };
    const inferenceImage = JSON.parse((await ok(ferry(["images", "register", custom, "--kind", "custom", "-o", "json"], ds, home), "register the custom image")).stdout) as { id: string };
    await ok(ferry(["images", "context", custom, path.join(ASSETS, "inference-image")], ds, home), "upload the build context");

    const slug = `cli-churn-${suffix}`;
    const manifest = path.join(home, "manifest.csv");
    await writeFile(
      manifest,
      `slug,displayName,team,tags,inputUri,outputUri,instanceType,volumeSizeGb,maxRuntimeSeconds,status\n${slug},Churn from CI,retention,"ci,churn",${demo.inputUri},s3://${bucket}/ci/${slug}/output/,ml.m5.xlarge,5,300,READY\n`,
    );
    const imported = await ok(ferry(["models", "import", manifest, "--wait"], ds, home), "import the manifest");
    expect(imported.stdout).toMatch(/1 created/);
    await ok(ferry(["models", "update", slug, "--set", `imageId=${inferenceImage.id}`, `scriptImageId=${scriptImage.id}`], ds, home), "choose the images");
    await ok(ferry(["models", "upload-scripts", slug, ASSETS], ds, home), "upload the scripts");
    const model = JSON.parse((await ok(ferry(["models", "get", slug, "-o", "json"], ds, home), "read the model")).stdout) as { missing: string[]; codeVersion: number };
    expect(model).toMatchObject({ missing: [], codeVersion: 1 });

    const pipeline = `cli-pipeline-${suffix}`;
    await ok(ferry(["pipelines", "create", pipeline, "--description", "Published from CI"], mlops, home), "create the pipeline");
    await ok(ferry(["pipelines", "publish", pipeline], mlops, home), "publish it");

    const requested = JSON.parse((await ok(ferry(["deployments", "request", "--model", slug, "--pipeline", pipeline, "--environment", "embedded", "-o", "json"], mlops, home), "request the deployment")).stdout) as { id: string };
    const refused = await ferry(["deployments", "approve", requested.id], mlops, home);
    expect(refused.code).toBe(1);
    await ok(ferry(["deployments", "approve", requested.id, "--comment", "approved from CI"], admin, home), "approve as another person");
    const live = await ok(ferry(["deployments", "deploy", requested.id, "--wait"], admin, home), "deploy");
    expect(live.stdout).toContain("LIVE");

    const run = await ferry(["runs", "start", "--model", slug, "--wait", "-o", "json"], ds, home);
    expect(run.code, run.stderr).toBe(0);
    const finished = JSON.parse(run.stdout) as { id: string; status: string; steps: { status: string }[] };
    expect(finished.status).toBe("SUCCEEDED");
    expect(finished.steps.map((s) => s.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    expect(run.stderr).toMatch(/RUNNING/);
    const logs = await ok(ferry(["runs", "logs", finished.id], ds, home), "read the logs");
    expect(logs.stdout.length).toBeGreaterThan(0);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test("the API browser renders the document and tries a read with the session; a cookie cannot change anything", async ({ browser }) => {
  const { context, page } = await signedInContext(browser, DEMO.ds.email);
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { name: "REST API" })).toBeVisible();
  const me = page.locator("details#getMe");
  await me.locator("summary").click();
  await me.getByRole("button", { name: "Try it" }).click();
  await expect(me.getByLabel("Answer")).toContainText("HTTP 200");
  await expect(me.getByLabel("Answer")).toContainText(DEMO.ds.email);
  const change = await page.request.post("/api/v1/models", { data: { slug: "by-cookie", displayName: "x", team: "t" }, headers: { Origin: BASE_URL } });
  expect(change.status()).toBe(401);
  expect(change.headers()["content-type"]).toBe("application/problem+json");
  await context.close();
});
