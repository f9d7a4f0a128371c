// Personal access tokens against the real /api/v1 route files over HTTP, on a real PostgreSQL: how a token is
// made and stored, what it may do (scope, the user's roles now, enabled), its last use, revocation and expiry,
// its rate limit, and the attacks: a forged, revoked or expired token, a cookie trying to change something
// from another site, a read-only token writing, malformed and huge bodies. Every refusal changes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { executeCommand } from "@/lib/commands/command";
import { prisma } from "@/lib/db/prisma";
import { auth } from "@/lib/auth/auth";
import { createToken, revokeToken } from "@/lib/tokens/commands";
import { hashSecret, parseToken } from "@/lib/tokens/secret";
import { fingerprint, makeUser, PASSWORD } from "../commands/world";
import { resetDatabase } from "../setup/db";
import { startApiServer, type ApiServer } from "./server";
import { apiAs, userWithToken } from "./support";

vi.mock("server-only", () => ({}));

let server: ApiServer;
beforeAll(async () => {
  server = await startApiServer();
});
afterAll(() => server.close());
beforeEach(() => resetDatabase());

describe("a token", () => {
  it("is shown once as ferry_pat_<id>_<secret>; only the secret's sha256 is stored, and the audit names no secret", async () => {
    const ds = await makeUser(["DATA_SCIENTIST"]);
    const made = await executeCommand(prisma, createToken, ds, { name: "ci", scope: "ROLES", expiresInDays: 90 });
    const parsed = parseToken(made.token);
    expect(parsed?.id).toBe(made.id);
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: made.id } });
    expect(row.secretHash).toBe(hashSecret(parsed?.secret ?? ""));
    expect(JSON.stringify(row)).not.toContain(parsed?.secret);
    expect(row.roles).toEqual(["DATA_SCIENTIST"]);
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(89 * 86_400_000);
    const audit = await prisma.auditEvent.findMany({ where: { action: "tokens.create" } });
    expect(audit).toHaveLength(1);
    expect(`${audit[0]?.summary} ${JSON.stringify(audit[0]?.details)}`).not.toContain(parsed?.secret);
  });

  it("lives at most a year", async () => {
    const ds = await makeUser(["DATA_SCIENTIST"]);
    await expect(executeCommand(prisma, createToken, ds, { name: "forever", scope: "ROLES", expiresInDays: 366 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("answers /me as its user with its roles, and records its last use (address, at most once a minute)", async () => {
    const ds = await userWithToken(["DATA_SCIENTIST"]);
    const response = await apiAs(server.url, ds.token)("/me");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: ds.id, email: ds.email, roles: ["DATA_SCIENTIST"], token: { id: ds.tokenId, readOnly: false } });
    const first = await prisma.apiToken.findUniqueOrThrow({ where: { id: ds.tokenId } });
    expect(first.lastUsedAt).not.toBeNull();
    expect(first.lastUsedAddress).toBe("127.0.0.1");
    await apiAs(server.url, ds.token)("/me");
    const second = await prisma.apiToken.findUniqueOrThrow({ where: { id: ds.tokenId } });
    expect(second.lastUsedAt).toEqual(first.lastUsedAt);
  });

  it("never holds more than its user has now: a role taken away is gone from the token too", async () => {
    const both = await userWithToken(["DATA_SCIENTIST", "ADMIN"]);
    expect((await apiAs(server.url, both.token)("/audit")).status).toBe(200);
    await prisma.userRole.delete({ where: { userId_role: { userId: both.id, role: "ADMIN" } } });
    const me = await (await apiAs(server.url, both.token)("/me")).json();
    expect(me.roles).toEqual(["DATA_SCIENTIST"]);
    const refused = await apiAs(server.url, both.token)("/audit");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
  });

  it("gets no role its user receives after it was made", async () => {
    const ds = await userWithToken(["DATA_SCIENTIST"]);
    await prisma.userRole.create({ data: { userId: ds.id, role: "ADMIN" } });
    expect((await (await apiAs(server.url, ds.token)("/me")).json()).roles).toEqual(["DATA_SCIENTIST"]);
    expect((await apiAs(server.url, ds.token)("/audit")).status).toBe(403);
  });
});

describe("refused tokens (401 problem details, WWW-Authenticate: Bearer)", () => {
  async function expect401(token: string | null, header?: string) {
    const response = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: header ?? `Bearer ${token}` } });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const problem = await response.json();
    expect(problem).toMatchObject({ status: 401, code: "UNAUTHENTICATED", title: expect.any(String), type: expect.stringContaining("problem-unauthenticated") });
    return problem.detail as string;
  }

  it("a forged secret, a malformed header, another scheme", async () => {
    const ds = await userWithToken(["DATA_SCIENTIST"]);
    const forged = `${ds.token.slice(0, -4)}AAAA`;
    expect(await expect401(forged)).toMatch(/not valid/);
    expect(await expect401(null, "Bearer ferry_pat_nope")).toMatch(/does not carry a Ferry token/);
    expect(await expect401(null, `Basic ${Buffer.from("a:b").toString("base64")}`)).toMatch(/does not carry/);
    expect(await expect401(null, `Bearer ${ds.token} extra`)).toMatch(/does not carry/);
  });

  it("a revoked token, from its next call on; an expired one; one whose user is disabled", async () => {
    const ds = await userWithToken(["DATA_SCIENTIST"]);
    expect((await apiAs(server.url, ds.token)("/me")).status).toBe(200);
    await executeCommand(prisma, revokeToken, ds, { tokenId: ds.tokenId });
    expect(await expect401(ds.token)).toMatch(/revoked/);

    const old = await userWithToken(["DATA_SCIENTIST"]);
    await prisma.apiToken.update({ where: { id: old.tokenId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await expect401(old.token)).toMatch(/expired/);

    const gone = await userWithToken(["ADMIN"]);
    await prisma.user.update({ where: { id: gone.id }, data: { disabled: true } });
    expect(await expect401(gone.token)).toMatch(/disabled/);
  });

  it("only the owner revokes a token", async () => {
    const ds = await userWithToken(["DATA_SCIENTIST"]);
    const admin = await makeUser(["ADMIN"]);
    await expect(executeCommand(prisma, revokeToken, admin, { tokenId: ds.tokenId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: ds.tokenId } })).revokedAt).toBeNull();
  });
});

describe("scopes and cookies", () => {
  it("a read-only token reads but changes nothing", async () => {
    const reader = await userWithToken(["DATA_SCIENTIST"], "READ");
    // The first call records the token's last use; the refusal below, within the minute, writes nothing.
    expect((await apiAs(server.url, reader.token)("/models")).status).toBe(200);
    const before = await fingerprint();
    const refused = await apiAs(server.url, reader.token)("/models", { method: "POST", json: { slug: "read-only", displayName: "x", team: "t" } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).detail).toMatch(/read-only/);
    expect(await fingerprint()).toEqual(before);
  });

  it("a sign-in cookie reads (the API browser) but never changes anything, from another site or from Ferry's own pages", async () => {
    const ds = await makeUser(["DATA_SCIENTIST"]);
    const signedIn = await auth().api.signInEmail({ body: { email: ds.email, password: PASSWORD }, asResponse: true });
    const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/session_token=/);
    const read = await fetch(`${server.url}/api/v1/me`, { headers: { Cookie: cookie } });
    expect(read.status).toBe(200);
    expect((await read.json()).token).toBeNull();

    const before = await fingerprint();
    const body = JSON.stringify({ slug: "by-cookie", displayName: "x", team: "t" });
    const crossSite = await fetch(`${server.url}/api/v1/models`, { method: "POST", body, headers: { Cookie: cookie, "Content-Type": "application/json", Origin: "http://localhost:4444" } });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).detail).toMatch(/another site/);
    const sameSite = await fetch(`${server.url}/api/v1/models`, { method: "POST", body, headers: { Cookie: cookie, "Content-Type": "application/json", "Sec-Fetch-Site": "same-origin" } });
    expect(sameSite.status).toBe(401);
    expect((await sameSite.json()).detail).toMatch(/personal access token/);
    expect(await fingerprint()).toEqual(before);
  });

  it("anonymous reads are refused; the OpenAPI document alone is public", async () => {
    expect((await apiAs(server.url, null)("/models")).status).toBe(401);
    const document = await apiAs(server.url, null)("/openapi.json");
    expect(document.status).toBe(200);
    expect((await document.json()).openapi).toBe("3.1.0");
  });
});

describe("rate limit per token (PostgreSQL, fixed window)", () => {
  it("announces RateLimit-Policy and RateLimit, then answers 429 with Retry-After; another token is not affected", async () => {
    process.env.FERRY_API_REQUESTS_PER_MINUTE = "3";
    try {
      const ds = await userWithToken(["DATA_SCIENTIST"]);
      const other = await userWithToken(["DATA_SCIENTIST"]);
      const api = apiAs(server.url, ds.token);
      const first = await api("/me");
      expect(first.headers.get("ratelimit-policy")).toBe('"per-token";q=3;w=60');
      expect(first.headers.get("ratelimit")).toMatch(/^"per-token";r=2;t=\d+$/);
      await api("/me");
      expect((await api("/me")).headers.get("ratelimit")).toMatch(/;r=0;/);
      const limited = await api("/me");
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await limited.json()).code).toBe("TOO_MANY_REQUESTS");
      expect((await apiAs(server.url, other.token)("/me")).status).toBe(200);
    } finally {
      delete process.env.FERRY_API_REQUESTS_PER_MINUTE;
    }
  });
});

describe("hostile bodies", () => {
  it("malformed JSON is 422, another media type 415, a huge body 413, a NUL 422 — each a problem, nothing changed", async () => {
    const ds = await userWithToken(["DATA_SCIENTIST"]);
    const api = apiAs(server.url, ds.token);
    await api("/me");
    const before = await fingerprint();
    const malformed = await api("/models", { method: "POST", body: "{nope", headers: { "Content-Type": "application/json" } });
    expect(malformed.status).toBe(422);
    const wrongType = await api("/models", { method: "POST", body: "slug=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(wrongType.status).toBe(415);
    const huge = await api("/models", { method: "POST", body: JSON.stringify({ description: "x".repeat(1_100_000) }), headers: { "Content-Type": "application/json" } });
    expect(huge.status).toBe(413);
    const nul = await api("/models", { method: "POST", json: { slug: "nul", displayName: "a\u0000b", team: "t" } });
    expect(nul.status).toBe(422);
    for (const response of [malformed, wrongType, huge, nul]) expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await fingerprint()).toEqual(before);
  });

  it("a refused field is named in `errors`", async () => {
    const ds = await userWithToken(["DATA_SCIENTIST"]);
    const response = await apiAs(server.url, ds.token)("/models", { method: "POST", json: { slug: "Not A Slug!", displayName: "x", team: "t" } });
    expect(response.status).toBe(422);
    const problem = await response.json();
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: "slug", pointer: "#/slug", detail: expect.stringMatching(/Slug/) })]));
  });
});
