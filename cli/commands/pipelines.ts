import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { UsageError } from "../errors";
import { table } from "../output";
import type { Context } from "../context";

type PipelineSummary = { name: string; latestVersion: number | null; versionCount: number; description: string };

export function registerPipelines(program: Command, context: Context) {
  const pipelines = program.command("pipelines").description("Pipelines and their versions");

  pipelines
    .command("list")
    .action(async () => {
      const { data } = await (await context.client()).get<{ data: PipelineSummary[] }>("/pipelines");
      context.out().result(data, () => table([["NAME", "LATEST", "DESCRIPTION"], ...data.map((p) => [p.name, p.latestVersion ? `v${p.latestVersion}` : "-", p.description])]));
    });

  pipelines
    .command("create <name>")
    .description("Create a pipeline (its draft starts from the article's three steps)")
    .option("--description <text>")
    .action(async (name: string, options: { description?: string }) => {
      const created = await (await context.client()).send<{ id: string; name: string }>("POST", "/pipelines", { name, description: options.description ?? "" });
      context.out().result(created, () => `Created pipeline ${created.name} (${created.id})`);
    });

  pipelines
    .command("publish <pipeline>")
    .description("Publish the pipeline's draft as its next immutable version (optionally replacing the draft first)")
    .option("--draft <file>", "a JSON draft ({ kind: 'spec', spec } or { kind: 'raw', definition }) to save before publishing")
    .action(async (pipeline: string, options: { draft?: string }) => {
      const client = await context.client();
      const path = `/pipelines/${encodeURIComponent(pipeline)}`;
      if (options.draft) {
        let draft: unknown;
        try {
          draft = JSON.parse(await readFile(options.draft, "utf8"));
        } catch (error) {
          throw new UsageError(`${options.draft} is not a readable JSON file: ${error instanceof Error ? error.message : String(error)}`);
        }
        await client.send("PUT", `${path}/draft`, { draft });
      }
      const version = await client.send<{ id: string; version: number; contentHash: string }>("POST", `${path}/versions`);
      context.out().result(version, () => `Published ${pipeline} v${version.version} (${version.id})`);
    });
}
