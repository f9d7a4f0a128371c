import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { ApiError, UsageError } from "../errors";
import { formOfFiles } from "../files";
import { sleep, table } from "../output";
import type { Client } from "../client";
import type { Context } from "../context";

type ModelSummary = { slug: string; displayName: string; team: string; status: string };
type Preview = { rows: { label: string; slug: string | null; action: string | null; errors: string[]; warnings: string[] }[]; errorCount: number };
type Summary = { importId: string; created: string[]; updated: { slug: string }[]; unchanged: number };
type Progress = { stage: string; done: number; total: number; summary: Summary | null; error: string | null };

/** `field=value` pairs as an object; the server's schema judges the values. */
function fieldsOf(pairs: string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf("=");
      if (at <= 0) throw new UsageError(`${pair} is not field=value.`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

async function manifestForm(file: string, importId?: string): Promise<FormData> {
  const form = new FormData();
  form.set("file", new File([await readFile(file)], path.basename(file)));
  if (importId) form.set("importId", importId);
  return form;
}

/** Queues the import, then follows it (a progress bar when asked) until a worker has written it or refused it. */
async function commitWithProgress(client: Client, file: string, bar: SingleBar | null): Promise<Summary> {
  const { importId } = await client.upload<{ importId: string }>("/bulk-lifts", await manifestForm(file, randomUUID()));
  bar?.start(1, 0, { stage: "queued" });
  try {
    for (;;) {
      const progress = await client.get<Progress>(`/bulk-lifts/${importId}`);
      bar?.setTotal(Math.max(progress.total, 1));
      bar?.update(progress.done, { stage: progress.stage });
      if (progress.stage === "failed") throw new ApiError(422, { detail: progress.error ?? "The import failed; nothing was imported." });
      if (progress.stage === "done" && progress.summary) return progress.summary;
      await sleep(300);
    }
  } finally {
    bar?.stop();
  }
}

export function registerModels(program: Command, context: Context) {
  const models = program.command("models").description("The model catalog");

  models
    .command("list")
    .option("--team <team>")
    .option("--status <status>")
    .option("--q <search>", "search slugs, names, descriptions and tags")
    .description("List models (first 200)")
    .action(async (options: { team?: string; status?: string; q?: string }) => {
      const query = new URLSearchParams({ limit: "200", ...options });
      const page = await (await context.client()).get<{ data: ModelSummary[] }>(`/models?${query}`);
      context.out().result(page.data, () => table([["SLUG", "TEAM", "STATUS", "NAME"], ...page.data.map((m) => [m.slug, m.team, m.status, m.displayName])]));
    });

  models
    .command("get <model>")
    .description("A model by slug or id, with what it lacks and where it is live")
    .action(async (model: string) => {
      const found = await (await context.client()).get<{ slug: string; status: string; codeVersion: number; missing: string[]; liveDeployments: { environment: string; pipeline: string; version: number }[] }>(`/models/${encodeURIComponent(model)}`);
      context.out().result(found, () =>
        [`${found.slug}: ${found.status}, code version ${found.codeVersion}`, ...found.missing.map((m) => `  missing: ${m}`), ...found.liveDeployments.map((d) => `  live in ${d.environment} on ${d.pipeline} v${d.version}`)].join("\n"),
      );
    });

  models
    .command("import <manifest>")
    .description("Bulk lift a manifest (.csv, .json) or a .zip of model folders: previewed first; nothing is written if any row is refused")
    .option("--wait", "show a progress bar while the import runs")
    .action(async (manifest: string, options: { wait?: boolean }) => {
      const client = await context.client();
      const out = context.out();
      const preview = await client.upload<Preview>("/bulk-lifts/preview", await manifestForm(manifest));
      for (const row of preview.rows) for (const error of row.errors) out.progress(`✗ ${row.label}: ${error}`);
      if (preview.errorCount > 0) throw new ApiError(422, { detail: `${preview.errorCount} of ${preview.rows.length} rows have errors; nothing was imported.` });
      const bar = options.wait && !out.json ? new SingleBar({ format: "{stage} [{bar}] {value}/{total}", stream: process.stderr, noTTYOutput: true, notTTYSchedule: 1000 }) : null;
      const summary = await commitWithProgress(client, manifest, bar);
      out.result(summary, () => `Imported ${path.basename(manifest)}: ${summary.created.length} created, ${summary.updated.length} updated, ${summary.unchanged} unchanged`);
    });

  models
    .command("upload-scripts <model> <files...>")
    .description("Upload scripts (files, or the files of a folder) as the model's next code version")
    .action(async (model: string, files: string[]) => {
      const version = await (await context.client()).upload<{ slug: string; codeVersion: number; files: { name: string }[] }>(`/models/${encodeURIComponent(model)}/scripts`, await formOfFiles(files));
      context.out().result(version, () => `${version.slug}: code version ${version.codeVersion} (${version.files.map((f) => f.name).join(", ")})`);
    });

  models
    .command("create <slug>")
    .description("Create a model")
    .requiredOption("--name <displayName>")
    .requiredOption("--team <team>")
    .option("--set <field=value...>", "more fields (inputUri=s3://…, imageId=…, scriptImageId=…, status=READY, …)")
    .action(async (slug: string, options: { name: string; team: string; set?: string[] }) => {
      const extra = fieldsOf(options.set ?? []);
      const model = await (await context.client()).send<{ id: string; slug: string }>("POST", "/models", { slug, displayName: options.name, team: options.team, ...extra });
      context.out().result(model, () => `Created ${model.slug} (${model.id})`);
    });

  models
    .command("update <model>")
    .description("Change fields of a model (guarded by its ETag: a concurrent change makes this fail, not overwrite)")
    .requiredOption("--set <field=value...>", "fields to change, e.g. imageId=… status=READY")
    .action(async (model: string, options: { set: string[] }) => {
      const client = await context.client();
      const fields = fieldsOf(options.set);
      const path = `/models/${encodeURIComponent(model)}`;
      const etag = await client.etag(path);
      const updated = await client.send<{ slug: string }>("PATCH", path, fields, etag ? { "If-Match": etag } : {});
      context.out().result(updated, () => `Updated ${updated.slug}`);
    });
}
