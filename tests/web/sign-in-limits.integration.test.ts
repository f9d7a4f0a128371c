// Finding 5 of issue 11, replayed against real better-auth and PostgreSQL: failures lock nobody out of a
// browser they signed in from before, a fresh browser is slowed with a clear message, the per-address count
// ignores forged X-Forwarded-For, and two app instances (two Prisma clients, two pools) share every count.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, prisma } from "@/lib/db/prisma";
import { authGet, authPost } from "@/lib/http/auth-endpoints";
import { signInLimits, SIGN_IN_BACK_OFF } from "@/lib/auth/sign-in-limit";
import { clientAddress, forwardedFor, trustedProxies } from "@/lib/http/client-address";
import { makeUser, PASSWORD } from "../commands/world";
import { resetDatabase, testDatabaseUrl } from "../setup/db";

// Read once by lib/config/env.ts on first use, which happens inside the tests below.
process.env.FERRY_AUTH_SECRET = "integration-secret-".padEnd(40, "x");
process.env.FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE = "1000";

const BASE = "http://localhost:3000";

/** A browser: it keeps the cookies the server sets, as Chromium would for localhost. */
class Browser {
  cookies = new Map<string, string>();
  constructor(readonly address = "127.0.0.1") {}

  async signIn(email: string, password: string): Promise<Response> {
    const response = await authPost(
      new Request(`${BASE}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: BASE, "x-forwarded-for": this.address, cookie: this.cookieHeader() },
        body: JSON.stringify({ email, password }),
      }),
    );
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const [name = "", ...value] = pair.split("=");
      this.cookies.set(name, value.join("="));
    }
    return response;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

async function message(response: Response): Promise<string> {
  return ((await response.json()) as { message?: string }).message ?? "";
}

beforeAll(() => resetDatabase());
beforeEach(async () => {
  await prisma.signInThrottle.deleteMany();
});

describe("per-account limit with device cookies", () => {
  it("10 wrong passwords from elsewhere: the admin's known browser still signs in, a fresh one is slowed with a clear message", async () => {
    const admin = await makeUser(["ADMIN"]);
    const known = new Browser();
    expect((await known.signIn(admin.email, PASSWORD)).status).toBe(200);
    expect(known.cookies.get("ferry.device")).toMatch(/^[\w-]+\.[\w-]+$/);

    const attacker = new Browser("198.51.100.7");
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attacker.signIn(admin.email, `wrong-${i}-password`)).status);
    // Failures are free up to the back-off threshold; the guesses after it are refused before the password is checked.
    expect(statuses.slice(0, SIGN_IN_BACK_OFF.freeFailures)).toEqual(Array(SIGN_IN_BACK_OFF.freeFailures).fill(401));
    expect(statuses.slice(SIGN_IN_BACK_OFF.freeFailures)).toEqual(Array(10 - SIGN_IN_BACK_OFF.freeFailures).fill(429));

    const sessionsBefore = await prisma.session.count({ where: { userId: admin.id } });
    const fresh = new Browser("203.0.113.50");
    const slowed = await fresh.signIn(admin.email, PASSWORD);
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await message(slowed)).toMatch(/^Too many failed sign-ins for this account\. Try again in \d+ s, or from a browser that has signed in to it before\.$/);
    expect(await prisma.session.count({ where: { userId: admin.id } })).toBe(sessionsBefore);

    const again = await known.signIn(admin.email, PASSWORD);
    expect(again.status).toBe(200);
    expect(await prisma.session.count({ where: { userId: admin.id } })).toBe(sessionsBefore + 1);
  });

  it("counts failures only: correct sign-ins never use up the account's allowance", async () => {
    const user = await makeUser(["DATA_SCIENTIST"]);
    for (let i = 0; i < SIGN_IN_BACK_OFF.freeFailures + 3; i++) expect((await new Browser(`192.0.2.${i + 1}`).signIn(user.email, PASSWORD)).status).toBe(200);
    expect(await prisma.signInThrottle.count({ where: { key: { startsWith: "account:" } } })).toBe(0);
  });

  it("a device cookie of another account, or a forged one, does not escape the account's back-off", async () => {
    const [victim, other] = [await makeUser(["ADMIN"]), await makeUser(["DATA_SCIENTIST"])];
    const attacker = new Browser("198.51.100.8");
    expect((await attacker.signIn(other.email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < SIGN_IN_BACK_OFF.freeFailures; i++) expect((await attacker.signIn(victim.email, "wrong-password-x")).status).toBe(401);
    expect((await attacker.signIn(victim.email, "wrong-password-y")).status).toBe(429);
    attacker.cookies.set("ferry.device", "forgedforgedforged123.c2lnbmF0dXJl");
    expect((await attacker.signIn(victim.email, "wrong-password-z")).status).toBe(429);
  });
});

describe("per-address limit", () => {
  it("a forged X-Forwarded-For without a trusted proxy does not reset it", async () => {
    const limits = signInLimits(prisma, 3);
    const none = trustedProxies([]);
    const holds = [];
    for (let i = 0; i < 5; i++) {
      // What lib/http/server.ts does with each request: the peer is the client, whatever the header claims.
      const address = clientAddress(forwardedFor("::ffff:127.0.0.1", `10.9.8.${i}`, none), none);
      holds.push(await limits.admit({ address, email: `someone-${i}@ferry.test`, device: null }));
    }
    expect(holds.slice(0, 3)).toEqual([null, null, null]);
    expect(holds[3]?.message).toMatch(/^Too many sign-in attempts from your address\. Try again in \d+ s\.$/);
    expect(holds[4]).not.toBeNull();
    expect(await prisma.signInThrottle.findMany({ where: { key: { startsWith: "address:" } }, select: { key: true, count: true } })).toEqual([{ key: "address:127.0.0.1", count: 5 }]);
  });
});

describe("two app instances", () => {
  const second = createPrismaClient(testDatabaseUrl());
  afterAll(() => second.$disconnect());

  it("share the per-account and per-address counts through PostgreSQL", async () => {
    const one = signInLimits(prisma, 3);
    const two = signInLimits(second, 3);
    const attempt = { address: "198.51.100.9", email: "shared@ferry.test", device: null };
    for (let i = 0; i < SIGN_IN_BACK_OFF.freeFailures + 1; i++) await (i % 2 ? two : one).record(attempt, false);
    expect((await two.admit(attempt))?.message).toMatch(/failed sign-ins for this account/);
    expect((await one.admit({ ...attempt, email: "x@ferry.test" }))).toBeNull();
    await two.admit({ ...attempt, email: "y@ferry.test" });
    expect((await one.admit({ ...attempt, email: "z@ferry.test" }))?.message).toMatch(/from your address/);
  });
});

describe("better-auth endpoints Ferry does not use", () => {
  it.each([
    ["POST", "/update-user", { name: "<b>Admin</b>" }],
    ["POST", "/change-email", { newEmail: "evil@ferry.test" }],
    ["POST", "/change-password", { currentPassword: PASSWORD, newPassword: "x".repeat(12) }],
    ["POST", "/delete-user", {}],
    ["POST", "/sign-up/email", { email: "new@ferry.test", password: "x".repeat(12), name: "New" }],
    ["POST", "/revoke-sessions", {}],
    ["GET", "/list-sessions", null],
    ["GET", "/list-accounts", null],
    ["GET", "/ok", null],
  ])("%s %s answers 404 and changes nothing", async (method, endpoint, body) => {
    const user = await makeUser(["DATA_SCIENTIST"]);
    const browser = new Browser();
    expect((await browser.signIn(user.email, PASSWORD)).status).toBe(200);
    const before = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, include: { sessions: true, accounts: true } });
    const request = new Request(`${BASE}/api/auth${endpoint}`, {
      method,
      headers: { "content-type": "application/json", origin: BASE, cookie: browser.cookieHeader() },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const response = method === "GET" ? await authGet(request) : await authPost(request);
    expect(response.status).toBe(404);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id }, include: { sessions: true, accounts: true } })).toEqual(before);
    expect(await prisma.user.count({ where: { email: "new@ferry.test" } })).toBe(0);
  });

  it("the ones the pages use still work: get-session, sign-out", async () => {
    const user = await makeUser(["DATA_SCIENTIST"]);
    const browser = new Browser();
    await browser.signIn(user.email, PASSWORD);
    const session = await authGet(new Request(`${BASE}/api/auth/get-session`, { headers: { cookie: browser.cookieHeader() } }));
    expect(((await session.json()) as { user: { email: string } }).user.email).toBe(user.email);
    const out = await authPost(new Request(`${BASE}/api/auth/sign-out`, { method: "POST", headers: { "content-type": "application/json", origin: BASE, cookie: browser.cookieHeader() }, body: "{}" }));
    expect(out.status).toBe(200);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });
});
