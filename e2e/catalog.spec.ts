import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, signedInContext } from "./support";

function toast(page: Page, type: "success" | "error") {
  return page.locator(`[data-sonner-toast][data-type="${type}"]`);
}

const file = (name: string, text: string) => ({ name, mimeType: "text/plain", buffer: Buffer.from(text) });

const PREPROCESS = `import pandas as pd

df = pd.read_csv("C:\\\\data\\\\customers.csv")
answer = input("continue? ")
df.to_csv("/opt/ml/processing/output/clean.csv")
`;

test.describe("Catalog", () => {
  test("a data scientist registers images, creates a model, uploads scripts and finds the model again", async ({ browser }) => {
    const { context, page } = await signedInContext(browser, DEMO.ds.email);
    const suffix = randomBytes(3).toString("hex");
    const slug = `churn-${suffix}`;
    const tag = `e2e-${suffix}`;
    const frameworkUri = `683313688378.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3-${suffix}`;

    // 1. Images: a bad URI is refused with the reason; a framework image registers.
    await page.goto("/images");
    const register = page.getByRole("form", { name: "Register an image" });
    await register.getByLabel("Image URI").fill("python:3.11");
    await register.getByRole("button", { name: "Register image" }).click();
    await expect(toast(page, "error").filter({ hasText: "ECR image" })).toBeVisible();
    await register.getByLabel("Image URI").fill(frameworkUri);
    await register.getByLabel("Description").fill("scikit-learn for script mode");
    await register.getByRole("button", { name: "Register image" }).click();
    await expect(toast(page, "success").filter({ hasText: `Registered ${frameworkUri}` })).toBeVisible();
    const imageRow = page.getByTestId("image-row").filter({ hasText: frameworkUri });
    await expect(imageRow).toContainText("No models");

    // 2. A model that uses it, tagged.
    await page.goto("/models");
    await page.getByRole("link", { name: "New model" }).click();
    const form = page.getByRole("form", { name: "New model" });
    await form.getByLabel("Name (slug)").fill(slug);
    await form.getByLabel("Display name").fill(`Churn scorer ${suffix}`);
    await form.getByLabel("Team").fill("retention");
    await form.getByLabel("Tags").fill(`${tag}, churn`);
    await form.getByLabel("Description").fill("Nightly SAS-era churn scoring, now in Python");
    await form.getByLabel("Script image (preprocess, postprocess)").selectOption({ label: `${frameworkUri} (framework)` });
    await form.getByLabel("Input data URI").fill("s3://ferry-embedded/data/churn/");
    await form.getByRole("button", { name: "Create model" }).click();
    await expect(page).toHaveURL(new RegExp(`/models/${slug}$`));
    await expect(page.getByLabel("Missing before it can run")).toContainText("Upload the model's scripts.");

    // 3. Scripts: upload several files; readiness warnings appear with line numbers.
    await page.getByLabel("Upload scripts").setInputFiles([
      file("preprocess.py", PREPROCESS),
      file("predict.py", 'import joblib\n\nif __name__ == "__main__":\n    print("ok")\n'),
      file("requirements.txt", "pandas==2.2.2\n"),
    ]);
    await expect(toast(page, "success").filter({ hasText: `Stored code version 1 of ${slug}` })).toBeVisible();
    const readiness = page.getByRole("region", { name: "Readiness check" });
    const preWarnings = readiness.getByLabel("Readiness warnings for preprocess.py (v1)");
    await expect(preWarnings).toContainText("line 3 · Windows path");
    await expect(preWarnings).toContainText("line 4 · Interactive input");
    await expect(preWarnings).toContainText("No __main__ guard");
    await expect(readiness.getByLabel("Readiness warnings for predict.py (v1)")).toContainText("line 1 · Missing requirement");
    await expect(page.getByLabel("Stage of preprocess.py")).toHaveValue("PREPROCESS");
    await expect(page.getByLabel("Stage of predict.py")).toHaveValue("INFERENCE");
    await expect(page.getByLabel("History", { exact: true })).toContainText("as code version 1");
    await page.screenshot({ path: test.info().outputPath("model-page.png"), fullPage: true });

    // A second version, then the diff between them.
    await page.getByLabel("Upload scripts").setInputFiles([file("preprocess.py", PREPROCESS.replace('input("continue? ")', '"yes"'))]);
    await expect(toast(page, "success").filter({ hasText: `Stored code version 2 of ${slug}` })).toBeVisible();
    await page.getByRole("link", { name: "preprocess.py" }).click();
    await expect(page.getByRole("heading", { name: "preprocess.py" })).toBeVisible();
    await expect(page.getByLabel("Content of preprocess.py")).toContainText("df.to_csv");
    await page.getByLabel("Compare with").selectOption("1");
    await expect(page.getByLabel("Changes from v1 to v2")).toContainText('- answer = input("continue? ")');
    await expect(page.getByLabel("Changes from v1 to v2")).toContainText('+ answer = "yes"');
    await page.getByLabel("Compare with").selectOption("");
    await expect(page.getByLabel("Content of preprocess.py")).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("script-view.png"), fullPage: true });

    // The Scripts section lists them, and uploads into a model chosen by name.
    await page.goto("/scripts");
    await expect(page.getByRole("link", { name: "predict.py" }).first()).toBeVisible();
    await page.getByRole("form", { name: "Choose a model" }).getByLabel("Model").fill(slug);
    await page.getByRole("button", { name: "Choose" }).click();
    await expect(page).toHaveURL(new RegExp(`/scripts\\?model=${slug}$`));
    await page.getByLabel("Upload scripts").setInputFiles([file("postprocess.py", 'if __name__ == "__main__":\n    pass\n')]);
    await expect(toast(page, "success").filter({ hasText: `Stored code version 3 of ${slug}` })).toBeVisible();
    await expect(page.getByRole("region", { name: "Readiness check" })).toContainText("postprocess.py (v1): no readiness warnings.");

    // 4. The image page names the model that uses the image, and will not delete it.
    await page.goto("/images");
    await expect(imageRow.getByRole("link", { name: slug })).toBeVisible();
    await expect(imageRow.getByRole("button", { name: "Delete" })).toBeDisabled();
    await page.screenshot({ path: test.info().outputPath("images.png"), fullPage: true });

    // 5. Find the model by tag and by search; the view is in the URL.
    await page.goto("/models");
    const filters = page.getByRole("search", { name: "Filter models" });
    await filters.getByLabel("Tag").fill(tag);
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`tag=${tag}`));
    await expect(page.getByTestId("model-row")).toHaveCount(1);
    await expect(page.getByTestId("model-row")).toContainText(slug);
    await page.getByRole("checkbox", { name: "Select all on this page" }).check();
    await expect(page.getByRole("toolbar", { name: "Bulk actions" })).toContainText("1 selected");
    await page.screenshot({ path: test.info().outputPath("model-list.png"), fullPage: true });

    await page.goto(`/models?q=${encodeURIComponent(`scorer ${suffix}`)}`);
    await expect(page.getByTestId("model-row")).toHaveCount(1);
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue(`scorer ${suffix}`);
    await page.goto(`/models?q=nothing-matches-${suffix}`);
    await expect(page.getByText("No model matches this view.")).toBeVisible();

    await context.close();
  });
});
