// Browsers learn of run changes from the catalog: a trigger NOTIFYs `run_changes` when a run or a step changes
// (not when only a lease moves), one LISTEN connection per process fans it out, and /api/runs/events streams
// it to signed-in readers only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { RunChangeFeed, type RunChange } from "@/lib/runs/events/run-changes";
import { runChangeStream } from "@/lib/runs/events/stream";
import { makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";

let runId: string;
let reader: Actor;
let nobody: Actor;

beforeAll(async () => {
  await resetDatabase();
  reader = await makeUser(["DATA_SCIENTIST"]);
  nobody = await makeUser([]);
  const environment = await prisma.environment.create({ data: { name: "changes", kind: "EMBEDDED", bucket: "b" } });
  const model = await prisma.model.create({ data: { slug: "changes", displayName: "changes", team: "t", ownerId: reader.id } });
  const pipeline = await prisma.pipeline.create({ data: { name: "changes", ownerId: reader.id, draftSpec: {} } });
  const version = await prisma.pipelineVersion.create({ data: { pipelineId: pipeline.id, version: 1, contentHash: "0".repeat(64), spec: {}, definition: {}, inputSchema: {}, iamPolicies: {}, publishedById: reader.id } });
  const deployment = await prisma.deployment.create({
    data: { modelId: model.id, pipelineVersionId: version.id, environmentId: environment.id, parameters: {}, artifacts: {}, artifactFingerprint: "0".repeat(64), requestedById: reader.id },
  });
  const run = await prisma.run.create({
    data: { deploymentId: deployment.id, modelId: model.id, pipelineVersionId: version.id, environmentId: environment.id, executionName: "changes-1", input: {}, startedById: reader.id, steps: { create: [{ name: "Pre", position: 0 }] } },
  });
  runId = run.id;
});

afterAll(async () => {
  await disconnectPrisma();
});

function collect(feed: RunChangeFeed): { changes: RunChange[]; stop: () => void } {
  const changes: RunChange[] = [];
  return { changes, stop: feed.subscribe((change) => changes.push(change)) };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("run_changes", () => {
  it("announces a run's status change and a step's change, at commit", async () => {
    const feed = new RunChangeFeed(() => process.env.DATABASE_URL ?? "");
    const { changes, stop } = collect(feed);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await prisma.run.update({ where: { id: runId }, data: { status: "RUNNING" } });
    await until(() => changes.some((c) => c.run === runId && c.status === "RUNNING"));
    await prisma.runStep.update({ where: { runId_name: { runId, name: "Pre" } }, data: { status: "RUNNING" } });
    await until(() => changes.some((c) => c.run === runId && c.status === undefined));
    stop();
  });

  it("says nothing when only the lease moves", async () => {
    const feed = new RunChangeFeed(() => process.env.DATABASE_URL ?? "");
    const { changes, stop } = collect(feed);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await prisma.run.update({ where: { id: runId }, data: { lastSyncedAt: new Date() } });
    await prisma.runStep.update({ where: { runId_name: { runId, name: "Pre" } }, data: { status: "RUNNING" } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(changes).toEqual([]);
    stop();
  });

  it("ignores a forged notification that is not a run change", async () => {
    const feed = new RunChangeFeed(() => process.env.DATABASE_URL ?? "");
    const { changes, stop } = collect(feed);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await prisma.$executeRaw`SELECT pg_notify('run_changes', '{"run":"not-a-uuid"}'), pg_notify('run_changes', 'garbage')`;
    await prisma.run.update({ where: { id: runId }, data: { status: "SUCCEEDED" } });
    await until(() => changes.length > 0);
    expect(changes).toEqual([expect.objectContaining({ run: runId, status: "SUCCEEDED" })]);
    stop();
  });
});

describe("/api/runs/events", () => {
  it("refuses callers who are not signed in or may not read the catalog", async () => {
    expect(runChangeStream(new Request("http://localhost/api/runs/events"), null).status).toBe(401);
    expect(runChangeStream(new Request("http://localhost/api/runs/events"), nobody).status).toBe(403);
  });

  it("streams run changes as server-sent events, coalesced per run, and ends when the browser leaves", async () => {
    const abort = new AbortController();
    const response = runChangeStream(new Request("http://localhost/api/runs/events", { signal: abort.signal }), reader);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader_ = response.body?.getReader();
    if (!reader_) throw new Error("no body");
    const decoder = new TextDecoder();
    let text = "";
    const read = async () => {
      const { value } = await reader_.read();
      text += decoder.decode(value ?? new Uint8Array());
    };
    await read();
    expect(text).toContain("retry: 5000");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await prisma.$transaction([prisma.run.update({ where: { id: runId }, data: { status: "FAILED" } }), prisma.runStep.update({ where: { runId_name: { runId, name: "Pre" } }, data: { status: "FAILED" } })]);
    while (!text.includes("event: run")) await read();
    const events = text.split("\n\n").filter((e) => e.startsWith("event: run"));
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]?.split("data: ")[1] ?? "{}")).toMatchObject({ run: runId, status: "FAILED" });
    abort.abort();
    expect(await reader_.read()).toMatchObject({ done: true });
  });
});
