import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { ApiError, UsageError } from "../errors";
import { sleep, table } from "../output";
import type { Client } from "../client";
import type { Context } from "../context";

type Deployment = {
  id: string;
  status: string;
  artifactFingerprint: string;
  model: { slug: string };
  environment: { name: string };
  pipelineVersion: { version: number; pipeline: { name: string } };
  requestedBy: { email: string };
  deployError?: string | null;
  approval?: { holds: boolean; changes: string[] };
};

async function versionId(client: Client, pipeline: string, version?: string): Promise<string> {
  const found = await client.get<{ versions: { id: string; version: number }[] }>(`/pipelines/${encodeURIComponent(pipeline)}`);
  const wanted = version ? found.versions.find((v) => v.version === Number(version)) : found.versions[0];
  if (!wanted) throw new UsageError(version ? `${pipeline} has no version ${version}.` : `${pipeline} has no published version yet: ferry pipelines publish ${pipeline}`);
  return wanted.id;
}

async function environmentId(client: Client, name: string): Promise<string> {
  const { data } = await client.get<{ data: { id: string; name: string }[] }>("/environments");
  const found = data.find((e) => e.name === name || e.id === name);
  if (!found) throw new UsageError(`No environment ${name}; there are ${data.map((e) => e.name).join(", ")}.`);
  return found.id;
}

const line = (d: Deployment) => `${d.id}  ${d.status}  ${d.model.slug} on ${d.pipelineVersion.pipeline.name} v${d.pipelineVersion.version} in ${d.environment.name}`;

export function registerDeployments(program: Command, context: Context) {
  const deployments = program.command("deployments").description("Deployment requests, four-eyes approvals and deploys");

  deployments
    .command("list")
    .option("--status <status>", "e.g. PENDING_APPROVAL: the approval queue")
    .action(async (options: { status?: string }) => {
      const { data } = await (await context.client()).get<{ data: Deployment[] }>(`/deployments${options.status ? `?status=${encodeURIComponent(options.status)}` : ""}`);
      context.out().result(data, () => table([["ID", "STATUS", "MODEL", "PIPELINE", "ENVIRONMENT"], ...data.map((d) => [d.id, d.status, d.model.slug, `${d.pipelineVersion.pipeline.name} v${d.pipelineVersion.version}`, d.environment.name])]));
    });

  deployments
    .command("get <deployment>")
    .action(async (id: string) => {
      const d = await (await context.client()).get<Deployment>(`/deployments/${id}`);
      context.out().result(d, () => `${line(d)}\nfingerprint ${d.artifactFingerprint}; approval ${d.approval?.holds ? "holds" : `no longer holds: ${d.approval?.changes.join("; ")}`}`);
    });

  deployments
    .command("request")
    .description("Request a deployment of a model on a published pipeline version, for an admin to approve")
    .requiredOption("--model <model>", "slug or id")
    .requiredOption("--pipeline <pipeline>", "name or id")
    .option("--version <n>", "the pipeline version (default: the latest)")
    .requiredOption("--environment <environment>", "name or id, e.g. embedded")
    .option("--parameters <file>", "a JSON model binding instead of the one prefilled from the model")
    .action(async (options: { model: string; pipeline: string; version?: string; environment: string; parameters?: string }) => {
      const client = await context.client();
      const model = await client.get<{ id: string }>(`/models/${encodeURIComponent(options.model)}`);
      const body = {
        modelId: model.id,
        pipelineVersionId: await versionId(client, options.pipeline, options.version),
        environmentId: await environmentId(client, options.environment),
        ...(options.parameters ? { parameters: JSON.parse(await readFile(options.parameters, "utf8")) } : {}),
      };
      const requested = await client.send<{ id: string; status: string; artifactFingerprint: string }>("POST", "/deployments", body);
      context.out().result(requested, () => `Requested ${requested.id} (${requested.status}); fingerprint ${requested.artifactFingerprint}`);
    });

  deployments
    .command("approve <deployment>")
    .description("Approve a request someone else made (four eyes), for the artifacts it binds now")
    .option("--fingerprint <sha256>", "the fingerprint you reviewed (default: the request's current one, printed)")
    .option("--comment <text>", "", "")
    .action(async (id: string, options: { fingerprint?: string; comment: string }) => {
      const client = await context.client();
      const d = await client.get<Deployment>(`/deployments/${id}`);
      const fingerprint = options.fingerprint ?? d.artifactFingerprint;
      context.out().progress(`Approving ${line(d)}, requested by ${d.requestedBy.email}, fingerprint ${fingerprint}`);
      const approved = await client.send<{ id: string; status: string }>("POST", `/deployments/${id}/approve`, { fingerprint, comment: options.comment });
      context.out().result(approved, () => `${approved.id} ${approved.status}`);
    });

  deployments
    .command("reject <deployment>")
    .requiredOption("--comment <why>")
    .action(async (id: string, options: { comment: string }) => {
      const rejected = await (await context.client()).send<{ id: string; status: string }>("POST", `/deployments/${id}/reject`, { comment: options.comment });
      context.out().result(rejected, () => `${rejected.id} ${rejected.status}`);
    });

  deployments
    .command("deploy <deployment>")
    .description("Deploy an approved request")
    .option("--wait", "wait until it is live (exit 1 if the deploy fails)")
    .action(async (id: string, options: { wait?: boolean }) => {
      const client = await context.client();
      await client.send("POST", `/deployments/${id}/deploy`);
      let d = await client.get<Deployment>(`/deployments/${id}`);
      while (options.wait && d.status === "DEPLOYING") {
        await sleep(1000);
        d = await client.get<Deployment>(`/deployments/${id}`);
      }
      context.out().result(d, () => line(d) + (d.deployError ? `\n${d.deployError}` : ""));
      if (d.status === "FAILED") throw new ApiError(409, { detail: `The deploy failed: ${d.deployError ?? "unknown error"}` });
    });
}
