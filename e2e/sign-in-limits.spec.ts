// The per-address sign-in limit over the real server: Ferry's server (lib/http/server.ts) replaces a
// client-sent X-Forwarded-For with the connection's address, so a forged one neither escapes the count nor
// lands in the session record.
import { expect, test } from "@playwright/test";
import { withDatabase } from "./database";
import { BASE_URL, DEMO, DEMO_PASSWORD } from "./support";

test("a forged X-Forwarded-For is ignored without a trusted proxy", async ({ playwright }) => {
  const forged = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
  const client = await playwright.request.newContext({ baseURL: BASE_URL });
  const countFor = (address: string) =>
    withDatabase(async (db) => Number((await db.query<{ count: number }>(`SELECT count FROM sign_in_throttles WHERE key = $1`, [`address:${address}`])).rows[0]?.count ?? 0));
  const before = await countFor("127.0.0.1");

  const response = await client.post("/api/auth/sign-in/email", {
    data: { email: DEMO.mlops.email, password: DEMO_PASSWORD },
    headers: { Origin: BASE_URL, "X-Forwarded-For": forged },
  });
  expect(response.status()).toBe(200);
  expect(response.headers()["set-cookie"]).toContain("ferry.device=");

  expect(await countFor(forged)).toBe(0);
  expect(await countFor("127.0.0.1")).toBeGreaterThan(before);
  const recorded = await withDatabase(
    async (db) => (await db.query<{ ip: string }>(`SELECT s.ip_address AS ip FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1 ORDER BY s.created_at DESC LIMIT 1`, [DEMO.mlops.email])).rows[0]?.ip,
  );
  expect(recorded).toBe("127.0.0.1");
  await client.dispose();
});
