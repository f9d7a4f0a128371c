import { randomUUID } from "node:crypto";
import type { Command } from "commander";
import { ApiError, EXIT, UsageError } from "../errors";
import { sleep, table, type Printer } from "../output";
import type { Client } from "../client";
import type { Context } from "../context";

type Step = { name: string; status: string; failureReason: string | null };
type Run = { id: string; executionName: string; status: string; error: string | null; cause: string | null; model: { slug: string }; steps: Step[] };
type LogChunk = { text: string; next: string | null; available: boolean; done: boolean };

const ACTIVE = new Set(["PENDING", "RUNNING"]);

/** The exit code a finished run stands for: 0 succeeded, 2 succeeded with failed steps, 1 anything else. */
export function exitCodeOf(status: string): number {
  if (status === "SUCCEEDED") return EXIT.ok;
  if (status === "SUCCEEDED_WITH_FAILED_STEPS") return EXIT.succeededWithFailedSteps;
  return EXIT.failed;
}

async function liveDeploymentOf(client: Client, model: string, environment?: string): Promise<string> {
  const found = await client.get<{ slug: string; liveDeployments: { id: string; environment: string }[] }>(`/models/${encodeURIComponent(model)}`);
  const live = found.liveDeployments.filter((d) => !environment || d.environment === environment);
  if (live.length === 1 && live[0]) return live[0].id;
  if (live.length === 0) throw new UsageError(`${found.slug} is not live${environment ? ` in ${environment}` : ""}: request and deploy it first.`);
  throw new UsageError(`${found.slug} is live in ${live.map((d) => d.environment).join(", ")}: say which with --environment.`);
}

/** POST with one idempotency key, retried a few times if the answer is lost: the run starts once. */
async function startOnce(client: Client, deploymentId: string, key: string, out: Printer) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.send<{ id: string; executionName: string }>("POST", "/runs", { deploymentId }, { "Idempotency-Key": key });
    } catch (error) {
      const retryable = (error instanceof UsageError && error.message.startsWith("Cannot reach")) || (error instanceof ApiError && (error.status >= 500 || error.status === 409));
      if (!retryable || attempt >= 4) throw error;
      out.progress(`(no answer, retrying with the same Idempotency-Key: ${error.message})`);
      await sleep(1000 * attempt);
    }
  }
}

/** Polls the run, printing each step's status as it changes, until the run ends. */
async function follow(client: Client, runId: string, out: Printer): Promise<Run> {
  const seen = new Map<string, string>();
  let status = "";
  for (;;) {
    const run = await client.get<Run>(`/runs/${runId}`);
    if (run.status !== status) out.progress(`run ${run.executionName}: ${run.status}`);
    status = run.status;
    for (const step of run.steps) {
      if (seen.get(step.name) === step.status) continue;
      seen.set(step.name, step.status);
      if (step.status !== "PENDING") out.progress(`  ${step.name}: ${step.status}${step.failureReason ? ` (${step.failureReason.split("\n")[0]})` : ""}`);
    }
    if (!ACTIVE.has(run.status)) return run;
    await sleep(1500);
  }
}

async function printLogs(client: Client, runId: string, options: { step?: string; follow?: boolean }, out: Printer) {
  const run = await client.get<Run>(`/runs/${runId}`);
  const steps = options.step ? run.steps.filter((s) => s.name === options.step) : run.steps;
  if (steps.length === 0) throw new UsageError(`${run.executionName} has no step ${options.step}; its steps are ${run.steps.map((s) => s.name).join(", ")}.`);
  for (const step of steps) {
    let next: string | null = null;
    for (;;) {
      const query: string = next ? `?next=${encodeURIComponent(next)}` : "";
      const chunk: LogChunk = await client.get<LogChunk>(`/runs/${runId}/steps/${encodeURIComponent(step.name)}/logs${query}`);
      const prefix = steps.length > 1 ? `[${step.name}] ` : "";
      if (chunk.text) process.stdout.write(chunk.text.replace(/^(?=.)/gm, prefix));
      next = chunk.next;
      const finished = chunk.done && chunk.text === "";
      if (finished || (!options.follow && (chunk.text === "" || !chunk.available))) break;
      if (chunk.text === "") await sleep(1000);
    }
  }
  if (options.follow && out.json) out.result({ runId }, () => "");
}

export function registerRuns(program: Command, context: Context) {
  const runs = program.command("runs").description("Runs: start, follow, logs, stop");

  runs
    .command("start")
    .description("Start a run of a model's live deployment (or of --deployment)")
    .option("--model <model>", "slug or id")
    .option("--environment <name>", "where the model is live, when in several")
    .option("--deployment <id>", "a live deployment's id instead of --model")
    .option("--idempotency-key <key>", "makes a retried start start nothing twice (default: a new key)")
    .option("--wait", "follow the run's steps until it ends; the exit code is its outcome (0 succeeded, 1 failed/timed out/stopped, 2 succeeded with failed steps)")
    .action(async (options: { model?: string; environment?: string; deployment?: string; idempotencyKey?: string; wait?: boolean }) => {
      const client = await context.client();
      const out = context.out();
      if (!options.model && !options.deployment) throw new UsageError("Say what to run: --model <slug> or --deployment <id>.");
      const deploymentId = options.deployment ?? (await liveDeploymentOf(client, options.model ?? "", options.environment));
      const started = await startOnce(client, deploymentId, options.idempotencyKey ?? randomUUID(), out);
      if (!options.wait) return out.result(started, () => `Started ${started.executionName} (${started.id})`);
      out.progress(`Started ${started.executionName} (${started.id})`);
      const run = await follow(client, started.id, out);
      out.result(run, () => `${run.executionName}: ${run.status}${run.error ? ` — ${run.error}` : ""}`);
      process.exitCode = exitCodeOf(run.status);
    });

  runs
    .command("get <run>")
    .action(async (id: string) => {
      const run = await (await context.client()).get<Run>(`/runs/${id}`);
      context.out().result(run, () => [`${run.executionName}: ${run.status}`, ...run.steps.map((s) => `  ${s.name}: ${s.status}`)].join("\n"));
    });

  runs
    .command("wait <run>")
    .description("Follow a run until it ends; the exit code is its outcome")
    .action(async (id: string) => {
      const run = await follow(await context.client(), id, context.out());
      context.out().result(run, () => `${run.executionName}: ${run.status}`);
      process.exitCode = exitCodeOf(run.status);
    });

  runs
    .command("list")
    .option("--status <statuses>", "e.g. FAILED,TIMED_OUT")
    .option("--model <id>", "a model's id")
    .action(async (options: { status?: string; model?: string }) => {
      const query = new URLSearchParams({ ...(options.status ? { status: options.status } : {}), ...(options.model ? { modelId: options.model } : {}) });
      const { data } = await (await context.client()).get<{ data: (Run & { createdAt: string })[] }>(`/runs?${query}`);
      context.out().result(data, () => table([["ID", "STATUS", "MODEL", "CREATED"], ...data.map((r) => [r.id, r.status, r.model.slug, r.createdAt])]));
    });

  runs
    .command("logs <run>")
    .description("Print a run's job logs (every step, or --step)")
    .option("--step <name>")
    .option("--follow", "keep printing as the jobs write, until the steps end")
    .action(async (id: string, options: { step?: string; follow?: boolean }) => printLogs(await context.client(), id, options, context.out()));

  runs
    .command("stop <run>")
    .action(async (id: string) => {
      const stopped = await (await context.client()).send<{ id: string }>("POST", `/runs/${id}/stop`);
      context.out().result(stopped, () => `Stopped ${stopped.id}`);
    });
}
