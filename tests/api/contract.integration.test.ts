// The API and its OpenAPI document cannot disagree: every route file under app/api/v1 has an operation in the
// document for each method it exports and nothing more, and real answers (successes and problems) validate
// against the schemas the document gives for their status.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { ENDPOINTS } from "@/lib/api/registry";
import { resetDatabase } from "../setup/db";
import { documentedAnswers } from "./documented";
import { apiRouteFiles, startApiServer, type ApiServer } from "./server";
import { apiAs, userWithToken } from "./support";

vi.mock("server-only", () => ({}));

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const { document, check, checked } = documentedAnswers();

let server: ApiServer;
beforeAll(async () => {
  await resetDatabase();
  server = await startApiServer();
});
afterAll(() => server.close());

describe("route files and the document", () => {
  it("list the same operations", async () => {
    const fromFiles: string[] = [];
    for (const route of apiRouteFiles()) {
      const exported = (await import(route.file)) as Record<string, unknown>;
      const path = `/api/v1/${route.segments.map((s) => s.replace(/^\[(.*)\]$/, "{$1}")).join("/")}`;
      for (const method of METHODS) if (typeof exported[method] === "function") fromFiles.push(`${method} ${path}`);
    }
    const fromDocument = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(fromFiles.sort()).toEqual(fromDocument.sort());
    expect(fromFiles.length).toBe(ENDPOINTS.length);
  });

  it("give every operation a unique id, a summary and documented error answers", () => {
    const ids = ENDPOINTS.map((e) => e.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const endpoint of ENDPOINTS) {
      expect(endpoint.summary.length, endpoint.operationId).toBeGreaterThan(10);
      if (!endpoint.public) expect(Object.keys(endpoint.responses), endpoint.operationId).toContain("401");
    }
  });

  it("are OpenAPI 3.1 with the bearer token scheme", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components?.securitySchemes).toMatchObject({ token: { type: "http", scheme: "bearer" } });
  });
});

describe("real answers validate against the document", () => {
  it("a catalog, pipeline and deployment journey, with its problems", async () => {
    const ds = await userWithToken(["DATA_SCIENTIST"]);
    const mlops = await userWithToken(["MLOPS_ENGINEER"]);
    const admin = await userWithToken(["ADMIN"]);
    const asDs = apiAs(server.url, ds.token);
    const asMlops = apiAs(server.url, mlops.token);
    const asAdmin = apiAs(server.url, admin.token);
    const slug = `contract-${randomBytes(3).toString("hex")}`;

    await check(await asDs("/me"), "get", "/me");
    await check(await apiAs(server.url, null)("/me"), "get", "/me");
    const created = (await check(await asDs("/models", { method: "POST", json: { slug, displayName: "Contract", team: "risk", tags: ["a"] } }), "post", "/models")) as { id: string };
    await check(await asDs("/models", { method: "POST", json: { slug, displayName: "Again", team: "risk" } }), "post", "/models");
    await check(await asDs("/models", { method: "POST", json: { slug: "BAD SLUG" } }), "post", "/models");
    await check(await asDs("/models?limit=1"), "get", "/models");
    await check(await asDs(`/models/${slug}`), "get", "/models/{model}");
    await check(await asDs("/models/no-such-model"), "get", "/models/{model}");
    await check(await asDs(`/models/${created.id}`, { method: "PATCH", json: { description: "changed" } }), "patch", "/models/{model}");
    await check(await asDs(`/models/${created.id}`, { method: "PATCH", json: { description: "x" }, headers: { "If-Match": '"stale"' } }), "patch", "/models/{model}");
    await check(await asDs("/images"), "get", "/images");
    const uri = `000000000000.dkr.ecr.us-east-1.amazonaws.com/contract-${randomBytes(3).toString("hex")}:1`;
    await check(await asDs("/images", { method: "POST", json: { uri, kind: "CUSTOM" } }), "post", "/images");
    await check(await asDs("/pipelines", { method: "POST", json: { name: "not-allowed" } }), "post", "/pipelines");
    const pipeline = (await check(await asMlops("/pipelines", { method: "POST", json: { name: `contract-${randomBytes(3).toString("hex")}` } }), "post", "/pipelines")) as { name: string };
    await check(await asMlops("/pipelines"), "get", "/pipelines");
    await check(await asMlops(`/pipelines/${pipeline.name}`), "get", "/pipelines/{pipeline}");
    const version = (await check(await asMlops(`/pipelines/${pipeline.name}/versions`, { method: "POST" }), "post", "/pipelines/{pipeline}/versions")) as { id: string };
    await check(await asMlops(`/pipelines/${pipeline.name}/versions`, { method: "POST" }), "post", "/pipelines/{pipeline}/versions");
    await check(await asDs(`/pipeline-versions/${version.id}`), "get", "/pipeline-versions/{version}");
    for (const name of ["definition", "sample-input", "iam-policies", "cloudformation"]) {
      await check(await asDs(`/pipeline-versions/${version.id}/exports/${name}`), "get", "/pipeline-versions/{version}/exports/{export}");
    }
    await check(await asDs("/environments"), "get", "/environments");
    await check(await asDs("/deployments"), "get", "/deployments");
    await check(await asDs("/deployments?status=NOPE"), "get", "/deployments");
    await check(await asAdmin("/audit?limit=5"), "get", "/audit");
    await check(await asDs("/audit"), "get", "/audit");
    await check(await asDs("/runs"), "get", "/runs");
    await check(await asDs(`/runs/${created.id}`), "get", "/runs/{run}");
    await check(await asDs("/runs", { method: "POST", json: { deploymentId: created.id } }), "post", "/runs");
    await check(await asDs("/bulk-starts", { method: "POST", json: { deploymentIds: [] } }), "post", "/bulk-starts");
    await check(await asDs("/bulk-lifts/00000000-0000-4000-8000-000000000000"), "get", "/bulk-lifts/{importId}");
    expect(checked.length).toBeGreaterThan(30);
    expect(await prisma.auditEvent.count({ where: { tokenId: { not: null } } })).toBeGreaterThan(0);
  });
});
