// The catalog through /api/v1 on a real engine's S3: keyset pages with Link headers and the list's filters,
// If-Match/ETag (a stale tag is 412 with nothing changed), script uploads streamed as multipart into the
// upload operation (object rules first), and the bulk lift's preview, commit (queued, written by a worker) and progress.
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { fingerprint, makeUser } from "../commands/world";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { startTestWorker } from "../jobs/worker";
import { resetDatabase, testDatabaseUrl } from "../setup/db";
import { documentedAnswers } from "./documented";
import { startApiServer, type ApiServer } from "./server";
import { apiAs, userWithToken, type TokenUser } from "./support";

vi.mock("server-only", () => ({}));

const { check } = documentedAnswers();
let engine: TestEngine;
let server: ApiServer;
let ds: TokenUser;

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await engine.s3.send(new CreateBucketCommand({ Bucket: "ferry-api-catalog" }));
  await prisma.environment.create({ data: { name: "embedded", kind: "EMBEDDED", region: "us-east-1", bucket: "ferry-api-catalog", endpointOverride: engine.endpoint } });
  server = await startApiServer();
  ds = await userWithToken(["DATA_SCIENTIST"]);
}, 120_000);
afterAll(async () => {
  await server.close();
  await engine.close();
});

const files = (entries: Record<string, string>, field = "files") => {
  const form = new FormData();
  for (const [name, text] of Object.entries(entries)) form.append(field, new File([text], name));
  return form;
};

describe("models", () => {
  it("pages with next cursors and Link headers, keeping the filters", async () => {
    const api = apiAs(server.url, ds.token);
    for (const n of [1, 2, 3]) await api("/models", { method: "POST", json: { slug: `paged-${n}`, displayName: `Paged ${n}`, team: "paging" } });
    await api("/models", { method: "POST", json: { slug: "other-team", displayName: "Other", team: "elsewhere" } });
    const seen: string[] = [];
    let path: string | null = "/models?team=paging&limit=2&sort=name";
    while (path) {
      const response = await api(path);
      const page = (await check(response, "get", "/models")) as { data: { slug: string }[]; next: string | null };
      seen.push(...page.data.map((m) => m.slug));
      const link = response.headers.get("link");
      expect(Boolean(link)).toBe(page.next !== null);
      path = link ? (/^<\/api\/v1([^>]+)>; rel="next"$/.exec(link)?.[1] ?? null) : null;
      if (path) expect(path).toContain("team=paging");
    }
    expect(seen).toEqual(["paged-1", "paged-2", "paged-3"]);
  });

  it("updates with If-Match: the ETag of the read succeeds once; the stale one is 412 and changes nothing", async () => {
    const api = apiAs(server.url, ds.token);
    const created = await api("/models", { method: "POST", json: { slug: "etagged", displayName: "ETag", team: "risk" } });
    expect(created.status).toBe(201);
    const read = await api("/models/etagged");
    const tag = read.headers.get("etag") ?? "";
    expect(tag).toMatch(/^"[\w-]+"$/);
    const updated = await api("/models/etagged", { method: "PATCH", json: { description: "first" }, headers: { "If-Match": tag } });
    expect(updated.status).toBe(200);
    expect(updated.headers.get("etag")).not.toBe(tag);
    const before = await fingerprint();
    const stale = await api("/models/etagged", { method: "PATCH", json: { description: "second" }, headers: { "If-Match": tag } });
    expect(stale.status).toBe(412);
    expect((await check(stale, "patch", "/models/{model}")) as { code: string }).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await fingerprint()).toEqual(before);
    expect((await prisma.model.findUniqueOrThrow({ where: { slug: "etagged" } })).description).toBe("first");
  });

  it("a body id cannot turn a create into an update of another model", async () => {
    const api = apiAs(server.url, ds.token);
    const victim = await prisma.model.create({ data: { slug: "victim", displayName: "Victim", team: "other", ownerId: (await makeUser(["DATA_SCIENTIST"])).id } });
    const response = await api("/models", { method: "POST", json: { id: victim.id, slug: "attacker", displayName: "A", team: "t" } });
    expect(response.status).toBe(201);
    expect((await prisma.model.findUniqueOrThrow({ where: { id: victim.id } })).slug).toBe("victim");
  });

  it("uploads scripts as multipart into the next code version; a stranger's token is refused before anything is stored", async () => {
    const api = apiAs(server.url, ds.token);
    await api("/models", { method: "POST", json: { slug: "scripted", displayName: "Scripted", team: "solo" } });
    const uploaded = await api("/models/scripted/scripts", { method: "POST", body: files({ "preprocess.py": "print('hi')\n", "requirements.txt": "pandas\n" }) });
    expect(uploaded.status).toBe(201);
    expect((await check(uploaded, "post", "/models/{model}/scripts")) as { codeVersion: number }).toMatchObject({ codeVersion: 1 });
    const model = (await check(await api("/models/scripted"), "get", "/models/{model}")) as { codeVersion: number; scripts: { name: string }[] };
    expect(model.codeVersion).toBe(1);
    expect(model.scripts.map((s) => s.name).sort()).toEqual(["preprocess.py", "requirements.txt"]);

    const stranger = await userWithToken(["DATA_SCIENTIST"]);
    await apiAs(server.url, stranger.token)("/me");
    const before = await fingerprint();
    const refused = await apiAs(server.url, stranger.token)("/models/scripted/scripts", { method: "POST", body: files({ "preprocess.py": "import os; os.system('x')\n" }) });
    expect(refused.status).toBe(403);
    expect(await fingerprint()).toEqual(before);
    const reader = await userWithToken(["DATA_SCIENTIST"], "READ");
    expect((await apiAs(server.url, reader.token)("/models/scripted/scripts", { method: "POST", body: files({ "a.py": "1" }) })).status).toBe(403);
    // A climbing file name stays inside the model's code (the multipart reader keeps the base name only).
    const traversal = await api("/models/scripted/scripts", { method: "POST", body: files({ "../../etc/passwd.py": "x = 1\n" }) });
    const version = (await traversal.json()) as { files: { name: string }[] };
    expect(version.files.map((f) => f.name)).toContain("passwd.py");
    expect(version.files.every((f) => !f.name.includes(".."))).toBe(true);
  });
});

describe("bulk lift", () => {
  const manifest = "slug,displayName,team,tags\nlifted-a,Lifted A,lift,\"x,y\"\nlifted-b,Lifted B,lift,\n";

  it("previews, commits (with the caller's import id) and reports progress; a broken manifest commits nothing", async () => {
    const api = apiAs(server.url, ds.token);
    const preview = await api("/bulk-lifts/preview", { method: "POST", body: files({ "models.csv": manifest }, "file") });
    const previewed = (await check(preview, "post", "/bulk-lifts/preview")) as { rows: { slug: string; action: string }[]; errorCount: number };
    expect(previewed.errorCount).toBe(0);
    expect(previewed.rows.map((r) => [r.slug, r.action])).toEqual([["lifted-a", "create"], ["lifted-b", "create"]]);
    expect(await prisma.model.count({ where: { team: "lift" } })).toBe(0);

    const importId = crypto.randomUUID();
    const form = files({ "models.csv": manifest }, "file");
    form.set("importId", importId);
    const worker = await startTestWorker(prisma, testDatabaseUrl());
    const committed = await api("/bulk-lifts", { method: "POST", body: form });
    expect(committed.status).toBe(202);
    expect(committed.headers.get("location")).toBe(`/api/v1/bulk-lifts/${importId}`);
    expect(await check(committed, "post", "/bulk-lifts")).toEqual({ importId, models: 2 });
    let progress: { stage: string; summary: { created: string[] } | null } = { stage: "queued", summary: null };
    for (const deadline = Date.now() + 30_000; progress.stage !== "done" && Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      progress = (await check(await api(`/bulk-lifts/${importId}`), "get", "/bulk-lifts/{importId}")) as typeof progress;
    }
    await worker.stop();
    expect(progress).toMatchObject({ stage: "done", done: 2, total: 2, summary: { created: ["lifted-a", "lifted-b"] }, error: null });
    const stranger = await userWithToken(["DATA_SCIENTIST"]);
    expect((await apiAs(server.url, stranger.token)(`/bulk-lifts/${importId}`)).status).toBe(404);

    const before = await fingerprint();
    const broken = await api("/bulk-lifts", { method: "POST", body: files({ "models.csv": "slug,displayName,team\nok-one,Ok,t\nBAD SLUG,x,t\n" }, "file") });
    expect(broken.status).toBe(422);
    await check(broken, "post", "/bulk-lifts");
    expect(await fingerprint()).toEqual(before);
  });
});
