// Import from Git end to end below HTTP: real repositories (git http-backend on 127.0.0.1), the real database and
// a real engine's S3. Branch, tag, commit, sub-folder, stage mapping, change detection and re-import, tokens
// (stored encrypted, sent only to their own origin), object rules, the address rule and its admin allowance.
import { createHmac, randomBytes } from "node:crypto";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { getObjectBytes } from "@/lib/storage/objects";
import { saveModel } from "@/lib/catalog/models/upsert";
import { findModel } from "@/lib/catalog/models/queries";
import { importFromGit } from "@/lib/catalog/git/import";
import { checkForChanges } from "@/lib/catalog/git/changes";
import { repositoryView } from "@/lib/catalog/git/queries";
import { allowGitHost, disallowGitHost } from "@/lib/catalog/git/hosts";
import { receiveWebhook } from "@/lib/catalog/git/webhook";
import { importBulk, previewBulk } from "@/lib/catalog/bulk/run";
import { approveDeployment, requestDeployment } from "@/lib/deployments/commands";
import { currentApproval } from "@/lib/deployments/approval";
import { makeDeployableModel, publishArticlePipeline } from "../deployments/world";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { expectAppError, expectRefusedWithoutChange, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";
import { startGitServer, type GitServer, type Repository } from "./git-server";

const BUCKET = "ferry-git-it";
const TOKEN = "glpat-abcdefghijklmnop1234";
let engine: TestEngine;
let server: GitServer;
let locked: GitServer;
let elsewhere: GitServer;
let repo: Repository;
let ds: Actor;
let stranger: Actor;
let admin: Actor;
let commits: { v1: string; v2: string };

const PREPROCESS_V1 = "import pandas as pd\n\ndef main():\n    pd.read_csv('/opt/ml/processing/input/data.csv')\n\nif __name__ == '__main__':\n    main()\n";
const PREPROCESS_V2 = PREPROCESS_V1.replace("data.csv", "customers.csv");

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await prisma.environment.create({ data: { name: "embedded", kind: "EMBEDDED", region: "us-east-1", bucket: BUCKET, endpointOverride: engine.endpoint } });
  await engine.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  [ds, stranger, admin] = await Promise.all([makeUser(["DATA_SCIENTIST"]), makeUser(["DATA_SCIENTIST"]), makeUser(["ADMIN"])]);
  await executeCommand(prisma, allowGitHost, admin, { host: "127.0.0.1" });
  server = await startGitServer();
  locked = await startGitServer({ token: TOKEN });
  elsewhere = await startGitServer();
  repo = await server.repository("legacy");
  const v1 = await repo.commit({
    "models/churn/prep_data.py": PREPROCESS_V1,
    "models/churn/score.py": "import pandas\n",
    "models/churn/finish.py": "print('done')\n",
    "models/churn/deps/requirements-prod.txt": "pandas==2.2\n",
    "models/churn/notes.txt": "old notes\n",
    "README.md": "# the whole repository\n",
  });
  await repo.tag("release-1");
  const v2 = await repo.commit({ "models/churn/prep_data.py": PREPROCESS_V2 });
  await repo.remove(["models/churn/notes.txt"]);
  commits = { v1, v2: await repo.git("rev-parse", "HEAD") };
  expect(v2).not.toBe(commits.v2);
});

afterAll(async () => {
  await Promise.all([server.close(), locked.close(), elsewhere.close(), engine.close()]);
  await disconnectPrisma();
});

async function newModel(owner: Actor = ds) {
  const slug = `git-${randomBytes(4).toString("hex")}`;
  return executeCommand(prisma, saveModel, owner, { slug, displayName: `Model ${slug}`, team: `team-${slug}` });
}

const STAGES = { preprocess: "prep_data.py", inference: "score.py", postprocess: "finish.py", requirements: "deps/requirements-prod.txt" };
const churn = (ref: string) => ({ url: server.url("legacy"), ref, subfolder: "models/churn", stages: STAGES });

describe("import at a branch, a tag or a commit", () => {
  it("a sub-folder at a branch becomes a code version with its commit, stages and readiness; the webhook secret is returned once", async () => {
    const model = await newModel();
    const result = await importFromGit(prisma, ds, { modelId: model.id, source: { ...churn("main"), ref: "release-1" } });
    expect(result).toMatchObject({ commit: commits.v1, codeVersion: 1, unchanged: false });
    expect(result.webhookSecret).toMatch(/^[\w-]{43}$/);
    const version = await prisma.codeVersion.findFirstOrThrow({ where: { modelId: model.id } });
    expect(version).toMatchObject({ gitUrl: server.url("legacy"), gitRef: "release-1", gitCommit: commits.v1 });
    const detail = await findModel(prisma, model.slug);
    expect(detail?.scripts.map((s) => [s.name, s.stage])).toEqual([
      ["deps/requirements-prod.txt", "SUPPORT"],
      ["finish.py", "POSTPROCESS"],
      ["notes.txt", "SUPPORT"],
      ["prep_data.py", "PREPROCESS"],
      ["score.py", "INFERENCE"],
    ]);
    // The mapped requirements file feeds the readiness check: pandas is declared, so nothing is missing.
    expect(detail?.scripts.find((s) => s.name === "prep_data.py")?.latest?.readiness).toEqual([]);
    const stored = await getObjectBytes(engine.s3, { bucket: BUCKET, key: `ferry/code/${model.slug}/1/prep_data.py` });
    expect(Buffer.from(stored).toString()).toBe(PREPROCESS_V1);
    const view = await repositoryView(prisma, model.id);
    expect(view).toMatchObject({ pinnedCommit: commits.v1, ref: "release-1", subfolder: "models/churn", hasToken: false });
    expect(JSON.stringify(view)).not.toContain(result.webhookSecret ?? "none");
    // A second import of the same commit changes no code: it only re-pins.
    const again = await importFromGit(prisma, ds, { modelId: model.id });
    expect(again).toMatchObject({ unchanged: true, codeVersion: 1, webhookSecret: null });
  });

  it("at a commit and at a branch; the branch's head drops a file the repository removed", async () => {
    const atCommit = await newModel();
    expect(await importFromGit(prisma, ds, { modelId: atCommit.id, source: churn(commits.v1) })).toMatchObject({ commit: commits.v1 });
    const atBranch = await newModel();
    const result = await importFromGit(prisma, ds, { modelId: atBranch.id, source: churn("main") });
    expect(result.commit).toBe(commits.v2);
    expect(result.files.map((f) => f.name)).not.toContain("notes.txt");
  });

  it("a mapped file that is not in the sub-folder refuses the import with the field named, and nothing changes", async () => {
    const model = await newModel();
    const error = await expectRefusedWithoutChange(() => importFromGit(prisma, ds, { modelId: model.id, source: { ...churn("main"), stages: { ...STAGES, inference: "predict.py" } } }), "INVALID_INPUT");
    expect(error.fieldErrors).toEqual({ "source.stages.inference": ["predict.py is not among the imported files"] });
  });
});

describe("staying in step", () => {
  it("check for changes shows the diff from the pinned commit to the head; importing it makes the next version", async () => {
    const model = await newModel();
    await importFromGit(prisma, ds, { modelId: model.id, source: churn("main") });
    await prisma.gitRepository.update({ where: { modelId: model.id }, data: { ref: "main" } });
    const before = await checkForChanges(prisma, ds, { modelId: model.id });
    expect(before).toMatchObject({ upToDate: true, headCommit: commits.v2, pinnedCommit: commits.v2 });
    const v3 = await repo.commit({ "models/churn/score.py": "import pandas\nprint('v3')\n", "models/churn/extra.py": "X = 1\n" });
    const check = await checkForChanges(prisma, ds, { modelId: model.id });
    expect(check.upToDate).toBe(false);
    expect(check.headCommit).toBe(v3);
    expect(check.changes.map((c) => [c.name, c.status])).toEqual([["extra.py", "added"], ["score.py", "changed"]]);
    expect(check.changes[1]?.diff?.filter((line) => line.kind === "added").map((line) => line.text)).toEqual(["print('v3')"]);
    // Checking changed nothing; a head that moved after the check is not imported blind.
    expect(await prisma.codeVersion.count({ where: { modelId: model.id } })).toBe(1);
    await expectRefusedWithoutChange(() => importFromGit(prisma, ds, { modelId: model.id, expectedCommit: commits.v1 }), "CONFLICT");
    const imported = await importFromGit(prisma, ds, { modelId: model.id, expectedCommit: v3 });
    expect(imported).toMatchObject({ codeVersion: 2, commit: v3, unchanged: false });
    const scoreVersions = await prisma.scriptVersion.findMany({ where: { script: { modelId: model.id, name: "score.py" } }, orderBy: { version: "asc" } });
    expect(scoreVersions.map((v) => v.codeVersion)).toEqual([1, 2]);
    expect((await checkForChanges(prisma, ds, { modelId: model.id })).upToDate).toBe(true);
  });

  it("an import voids the approval bound to the code before it, as any code change does", async () => {
    const mlops = await makeUser(["MLOPS_ENGINEER"]);
    const [pipeline, environment] = await Promise.all([publishArticlePipeline(mlops), prisma.environment.findFirstOrThrow({ select: { id: true } })]);
    const model = await makeDeployableModel({ bucket: BUCKET, owner: ds });
    const request = await executeCommand(prisma, requestDeployment, ds, { modelId: model.id, pipelineVersionId: pipeline.id, environmentId: environment.id });
    await executeCommand(prisma, approveDeployment, admin, { deploymentId: request.id, fingerprint: request.artifactFingerprint });
    expect((await currentApproval(prisma, request.id)).holds).toBe(true);
    await importFromGit(prisma, ds, { modelId: model.id, source: churn("main") });
    const approval = await currentApproval(prisma, request.id);
    expect(approval.holds).toBe(false);
    expect(approval.changes.join(" ")).toMatch(/script|code/i);
  });
});

describe("who may import", () => {
  it("a data scientist outside the model's team, or a caller without a role, is refused before any request leaves Ferry", async () => {
    const model = await newModel();
    const requests = server.requests();
    const error = await expectRefusedWithoutChange(() => importFromGit(prisma, stranger, { modelId: model.id, source: churn("main") }), "FORBIDDEN");
    expect(error.userMessage).toContain("Only its owner, members of its team or admins can change the code of");
    const roleless = await makeUser([]);
    await expectRefusedWithoutChange(() => importFromGit(prisma, roleless, { modelId: model.id, source: churn("main") }), "FORBIDDEN");
    expect(server.requests()).toBe(requests);
    await importFromGit(prisma, ds, { modelId: model.id, source: churn("main") });
    const afterImport = server.requests();
    await expectRefusedWithoutChange(() => checkForChanges(prisma, stranger, { modelId: model.id }), "FORBIDDEN");
    expect(server.requests()).toBe(afterImport);
  });

  it("only admins allow a host, and the allowance is audited", async () => {
    await expectRefusedWithoutChange(() => executeCommand(prisma, allowGitHost, ds, { host: "git.internal" }), "FORBIDDEN");
    await expectRefusedWithoutChange(() => executeCommand(prisma, allowGitHost, admin, { host: "http://git.internal:80/x" }), "INVALID_INPUT");
    await executeCommand(prisma, allowGitHost, admin, { host: "Git.Internal" });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "git.allow_host" }, orderBy: { createdAt: "desc" } });
    expect(audit).toMatchObject({ actorId: admin.id, targetId: "git.internal" });
  });
});

describe("the address rule", () => {
  it("a loopback URL is refused without the admin's allowance, before any request reaches it", async () => {
    await executeCommand(prisma, disallowGitHost, admin, { host: "127.0.0.1" });
    try {
      const model = await newModel();
      const requests = server.requests();
      const http = await expectRefusedWithoutChange(() => importFromGit(prisma, ds, { modelId: model.id, source: churn("main") }), "INVALID_INPUT");
      expect(http.userMessage).toContain("Use an https:// URL");
      const https = await expectRefusedWithoutChange(() => importFromGit(prisma, ds, { modelId: model.id, source: { ...churn("main"), url: server.url("legacy").replace("http:", "https:") } }), "FORBIDDEN");
      expect(https.userMessage).toContain("a loopback or private address");
      expect(server.requests()).toBe(requests);
    } finally {
      await executeCommand(prisma, allowGitHost, admin, { host: "127.0.0.1" });
    }
  });

  it("a repository with a symlink is refused with a clear message and nothing changes", async () => {
    const bad = await server.repository("with-link");
    await bad.commit({ "preprocess.py": "print(1)\n", "config.json": { symlink: "../../etc/passwd" } });
    const model = await newModel();
    const error = await expectRefusedWithoutChange(() => importFromGit(prisma, ds, { modelId: model.id, source: { url: server.url("with-link"), ref: "main" } }), "INVALID_INPUT");
    expect(error.userMessage).toContain("Symbolic links (config.json)");
  });
});

describe("tokens", () => {
  it("are stored encrypted, never returned or audited, reused for their own origin only", async () => {
    const priv = await locked.repository("private");
    await priv.commit({ "predict.py": "print('secret model')\n" });
    const model = await newModel();
    await expectAppError(() => importFromGit(prisma, ds, { modelId: model.id, source: { url: locked.url("private"), ref: "main" } }), "FORBIDDEN");
    const result = await importFromGit(prisma, ds, { modelId: model.id, source: { url: locked.url("private"), ref: "main" }, credentials: { token: TOKEN } });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    const secrets = await prisma.storedSecret.findMany();
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) expect(Buffer.from(s.ciphertext).includes(TOKEN)).toBe(false);
    const audits = await prisma.auditEvent.findMany({ where: { targetId: model.id }, select: { summary: true, details: true } });
    expect(JSON.stringify(audits)).not.toContain(TOKEN);
    expect(await repositoryView(prisma, model.id)).toMatchObject({ hasToken: true, username: "x-access-token" });
    // A re-import uses the stored token.
    await priv.commit({ "predict.py": "print('v2')\n" });
    expect(await importFromGit(prisma, ds, { modelId: model.id })).toMatchObject({ codeVersion: 2 });
    // The URL moved to another origin: the token is not sent there, and is forgotten.
    const other = await elsewhere.repository("private");
    await other.commit({ "predict.py": "print('elsewhere')\n" });
    await importFromGit(prisma, ds, { modelId: model.id, source: { url: elsewhere.url("private"), ref: "main" } });
    expect(elsewhere.authorizations()).toEqual([]);
    expect(await repositoryView(prisma, model.id)).toMatchObject({ hasToken: false });
    expect(locked.authorizations().every((a) => a === `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`)).toBe(true);
  });
});

describe("webhooks", () => {
  async function connected() {
    const model = await newModel();
    const { webhookSecret, repositoryId } = await importFromGit(prisma, ds, { modelId: model.id, source: churn("main") });
    if (!webhookSecret) throw new Error("a new repository returns its secret");
    return { model, secret: webhookSecret, repositoryId };
  }
  const push = (commit: string, ref = "refs/heads/main") => Buffer.from(JSON.stringify({ ref, before: "1".repeat(40), after: commit }));
  const github = (secret: string, body: Buffer, delivery: string) =>
    new Headers({ "x-github-event": "push", "x-github-delivery": delivery, "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` });

  it("a signed push proposes the commit and tells the owner once; a replayed delivery is ignored", async () => {
    const { model, secret, repositoryId } = await connected();
    const commit = "a".repeat(40);
    const body = push(commit);
    expect(await receiveWebhook(prisma, repositoryId, github(secret, body, "d-1"), body)).toMatchObject({ status: "proposed" });
    expect(await receiveWebhook(prisma, repositoryId, github(secret, body, "d-1"), body)).toMatchObject({ status: "replayed" });
    expect(await repositoryView(prisma, model.id)).toMatchObject({ proposedCommit: commit });
    expect(await prisma.notification.count({ where: { userId: ds.id, message: { contains: commit.slice(0, 12) } } })).toBe(1);
    expect(await prisma.codeVersion.count({ where: { modelId: model.id } })).toBe(1);
    // Another branch is not the tracked ref.
    const other = push("b".repeat(40), "refs/heads/dev");
    expect(await receiveWebhook(prisma, repositoryId, github(secret, other, "d-2"), other)).toMatchObject({ status: "ignored" });
    // GitLab's token header, with its idempotency key.
    const gitlab = Buffer.from(JSON.stringify({ ref: "refs/heads/main", after: "c".repeat(40), checkout_sha: "c".repeat(40) }));
    const headers = new Headers({ "x-gitlab-event": "Push Hook", "x-gitlab-token": secret, "idempotency-key": "9f1c-42" });
    expect(await receiveWebhook(prisma, repositoryId, headers, gitlab)).toMatchObject({ status: "proposed" });
    // Importing clears the proposal.
    await importFromGit(prisma, ds, { modelId: model.id });
    expect(await repositoryView(prisma, model.id)).toMatchObject({ proposedCommit: null });
  });

  it("a bad signature, a wrong token, another repository's secret or an unknown id is refused and changes nothing", async () => {
    const { secret, repositoryId } = await connected();
    const { secret: otherSecret } = await connected();
    const body = push("d".repeat(40));
    const tampered = push("e".repeat(40));
    for (const [headers, payload] of [
      [github(secret, body, "x-1"), tampered],
      [github(otherSecret, body, "x-2"), body],
      [new Headers({ "x-github-event": "push", "x-github-delivery": "x-3" }), body],
      [new Headers({ "x-gitlab-event": "Push Hook", "x-gitlab-token": `${secret}x`, "idempotency-key": "x-4" }), body],
    ] as const) {
      await expectRefusedWithoutChange(() => receiveWebhook(prisma, repositoryId, headers, payload), "UNAUTHENTICATED");
    }
    await expectRefusedWithoutChange(() => receiveWebhook(prisma, crypto.randomUUID(), github(secret, body, "x-5"), body), "UNAUTHENTICATED");
    await expectRefusedWithoutChange(() => receiveWebhook(prisma, "not-a-uuid", github(secret, body, "x-6"), body), "UNAUTHENTICATED");
    // Signed but without a delivery id: refused, since replays could not be recognised.
    const noDelivery = github(secret, body, "x-7");
    noDelivery.delete("x-github-delivery");
    await expectRefusedWithoutChange(() => receiveWebhook(prisma, repositoryId, noDelivery, body), "INVALID_INPUT");
  });
});

describe("bulk lift's git column", () => {
  const manifest = (rows: string[]) => {
    const data = new FormData();
    data.set("file", new File([`slug,displayName,team,git\n${rows.join("\n")}\n`], "models.csv"));
    return data;
  };

  it("imports each row's code from its repository after the models are written", async () => {
    const slug = `bulk-${randomBytes(3).toString("hex")}`;
    const rows = [`${slug},Bulk churn,${slug},${server.url("legacy")}#release-1:models/churn`];
    const preview = await previewBulk(prisma, ds, manifest(rows));
    expect(preview.rows[0]).toMatchObject({ errors: [], action: "create" });
    expect(preview.rows[0]?.warnings[0]).toContain(`code from Git: ${server.url("legacy")} at release-1, folder models/churn`);
    const summary = await importBulk(prisma, ds, manifest(rows));
    expect(summary.git).toEqual([{ slug, commit: commits.v1, codeVersion: 1, error: null }]);
    const model = await findModel(prisma, slug);
    expect(model?.scripts.map((s) => s.name)).toContain("prep_data.py");
    // The same manifest again: the commit is imported already, nothing changes.
    expect((await importBulk(prisma, ds, manifest(rows))).git).toEqual([{ slug, commit: commits.v1, codeVersion: 1, error: null }]);
  });

  it("a malformed cell is a row error in the preview and refuses the import; a failed fetch is reported per row", async () => {
    const slug = `bulk-${randomBytes(3).toString("hex")}`;
    const bad = await previewBulk(prisma, ds, manifest([`${slug},Bad,${slug},${server.url("legacy")}`]));
    expect(bad.rows[0]?.errors).toEqual(["git: write the repository as <URL>#<branch, tag or commit>[:<sub-folder>]"]);
    // The import's progress row records the refusal; no model is written.
    await expectAppError(() => importBulk(prisma, ds, manifest([`${slug},Bad,${slug},ssh://git@host/x.git#main`])), "INVALID_INPUT");
    expect(await prisma.model.count({ where: { slug } })).toBe(0);
    const summary = await importBulk(prisma, ds, manifest([`${slug},Missing branch,${slug},${server.url("legacy")}#no-such-branch`]));
    expect(summary.created).toEqual([slug]);
    expect(summary.git?.[0]).toMatchObject({ slug, codeVersion: null, error: expect.stringContaining("no-such-branch is not a branch, tag or commit") });
  });
});
