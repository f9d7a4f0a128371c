// Finding 7 of issue 11 (cookies): served over https, every cookie Ferry sets is __Host- prefixed and Secure,
// so it is sent only to this exact origin over TLS and no sibling subdomain can plant or read one.
import { beforeAll, describe, expect, it } from "vitest";
import { authPost } from "@/lib/http/auth-endpoints";
import { makeUser, PASSWORD } from "../commands/world";
import { resetDatabase } from "../setup/db";

// Read once by lib/config/env.ts on first use, inside the test below.
const BASE = "https://ferry.example.com";
process.env.FERRY_BASE_URL = BASE;
process.env.FERRY_AUTH_SECRET = "secure-cookie-secret-".padEnd(40, "x");

beforeAll(() => resetDatabase());

describe("over https", () => {
  it("the session and device cookies are __Host-, Secure, HttpOnly, Path=/ and carry no Domain", async () => {
    const user = await makeUser(["DATA_SCIENTIST"]);
    const response = await authPost(
      new Request(`${BASE}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: BASE, "x-forwarded-for": "127.0.0.1" },
        body: JSON.stringify({ email: user.email, password: PASSWORD }),
      }),
    );
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie();
    expect(cookies.map((c) => c.split("=")[0]).sort()).toEqual(["__Host-ferry.device", "__Host-ferry.session_token"]);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; Path=\//i);
      expect(cookie).not.toMatch(/; Domain=/i);
    }
  });
});
