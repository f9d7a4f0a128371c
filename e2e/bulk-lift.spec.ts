// Bulk lift as a data scientist: a generated 200-row manifest (preview, import, re-import changes nothing), a zip of
// three model folders, then the lifted models found on /models by tag and by search.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { makeZip } from "../tests/catalog/bulk-zips";
import { manifestCsv } from "../tests/catalog/bulk-manifests";
import { DEMO, signedInContext } from "./support";

/** An import is carried out by the worker: it polls every second and writes 200 models in one transaction. */
const WORKER_MS = 30_000;

const run = randomBytes(3).toString("hex");

async function upload(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await page.getByLabel("Manifest or zip file").setInputFiles({ name, mimeType, buffer });
}

function zipOfThree(): Promise<Buffer> {
  const script = 'import json\n\n\ndef main():\n    print(json.dumps({"ok": True}))\n\n\nif __name__ == "__main__":\n    main()\n';
  return makeZip(
    ["a", "b", "c"].flatMap((letter) => {
      const slug = `zip-${run}-${letter}`;
      return [
        { name: `${slug}/preprocess.py`, body: script },
        { name: `${slug}/predict.py`, body: script },
        { name: `${slug}/requirements.txt`, body: "pandas==2.2.3\n" },
        { name: `${slug}/model.json`, body: JSON.stringify({ displayName: `Lifted ${run} ${letter.toUpperCase()}`, team: "risk", tags: [`lift-${run}`] }) },
      ];
    }),
  );
}

test("a data scientist lifts a manifest and a zip, and finds the models by tag and by search", async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await signedInContext(browser, DEMO.ds.email);
  try {
    await page.goto("/models");
    await page.getByRole("link", { name: "Import", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Import models" })).toBeVisible();
    await expect(page.getByText("Download an example CSV")).toBeVisible();

    const csv = Buffer.from(manifestCsv(200, { prefix: `e2e-${run}` }));
    await upload(page, "models.csv", "text/csv", csv);
    await expect(page.getByTestId("bulk-preview-counts")).toContainText("200 rows — 200 to create, 0 to update, 0 unchanged, 0 with errors");
    await expect(page.getByTestId("preview-row")).toHaveCount(200);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    // Queued at once; a worker imports it and the page shows its summary.
    await expect(page.getByTestId("bulk-summary")).toHaveText("Imported: 200 created, 0 updated, 0 unchanged.", { timeout: WORKER_MS });

    await upload(page, "models.csv", "text/csv", csv);
    await expect(page.getByTestId("bulk-preview-counts")).toContainText("0 to create, 0 to update, 200 unchanged");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByTestId("bulk-summary")).toHaveText("Nothing changed: all 200 models already match.", { timeout: WORKER_MS });

    // A bad manifest shows its errors and cannot be imported.
    await upload(page, "bad.csv", "text/csv", Buffer.from("slug,displayName,team\nok-row,Fine,risk\nbad row,<b>x</b>,risk\n"));
    await expect(page.getByTestId("bulk-preview-counts")).toContainText("1 with errors");
    await expect(page.getByText("Display name cannot contain < or >")).toBeVisible();
    await expect(page.getByRole("button", { name: "Import", exact: true })).toBeDisabled();

    await upload(page, "models.zip", "application/zip", await zipOfThree());
    await expect(page.getByTestId("bulk-preview-counts")).toContainText("3 folders — 3 to create");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByTestId("bulk-summary")).toHaveText("Imported: 3 created, 0 updated, 0 unchanged.", { timeout: WORKER_MS });

    await page.goto("/models");
    const filters = page.getByRole("search", { name: "Filter models" });
    await filters.getByLabel("Tag").fill(`lift-${run}`);
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("model-row")).toHaveCount(3);

    await page.goto("/models");
    await filters.getByLabel("Search").fill(`Lifted ${run} B`);
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("model-row")).toHaveCount(1);
    await page.getByRole("link", { name: `Lifted ${run} B` }).click();
    await expect(page).toHaveURL(new RegExp(`/models/zip-${run}-b$`));
  } finally {
    await context.close();
  }
});
