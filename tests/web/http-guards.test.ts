// The pure parts of the web guards: same-origin proofs, body limits, the client address, device cookies, the
// CSP and the server-action pre-check. The same code answers real requests in e2e/hostile-*.spec.ts.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/commands/errors";
import { nestsDeeperThan, readCappedBytes, readJsonBody, requireMediaType } from "@/lib/http/body";
import { crossOriginRefusal } from "@/lib/http/same-origin";
import { clientAddress, forwardedFor, trustedProxies } from "@/lib/http/client-address";
import { contentSecurityPolicy } from "@/lib/http/csp";
import { actionRequestRefusal, MAX_ACTION_BODY_BYTES } from "@/lib/http/action-guard";
import { refuseNulCharacters } from "@/lib/http/text-input";
import { readMultipart } from "@/lib/http/multipart";
import { uploadLimits } from "@/lib/http/upload-inputs";
import { cookieValue, deviceOf, newDeviceCookieValue, deviceSetCookie } from "@/lib/auth/device-cookie";
import { backOffSeconds } from "@/lib/auth/sign-in-limit";

const ORIGIN = "http://localhost:3000";
const headers = (init: Record<string, string>) => new Headers(init);

async function refusedWith(promise: Promise<unknown> | (() => unknown), code: string): Promise<AppError> {
  let caught: unknown;
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe(code);
  return caught as AppError;
}

describe("crossOriginRefusal", () => {
  it("accepts Ferry's own origin, or Sec-Fetch-Site: same-origin when Origin is absent", () => {
    expect(crossOriginRefusal(headers({ origin: ORIGIN }), ORIGIN)).toBeNull();
    expect(crossOriginRefusal(headers({ "sec-fetch-site": "same-origin" }), ORIGIN)).toBeNull();
  });

  it.each([
    ["another localhost port (same site)", { origin: "http://localhost:4000" }],
    ["127.0.0.1 for localhost", { origin: "http://127.0.0.1:3000" }],
    ["https for http", { origin: "https://localhost:3000" }],
    ["an opaque origin", { origin: "null" }],
    ["same-site without Origin", { "sec-fetch-site": "same-site" }],
    ["cross-site without Origin", { "sec-fetch-site": "cross-site" }],
    ["no proof at all", {}],
    ["a foreign Origin with a same-origin fetch site", { origin: "http://localhost:4000", "sec-fetch-site": "same-origin" }],
  ])("refuses %s", (_, init) => {
    expect(crossOriginRefusal(headers(init), ORIGIN)).toMatch(/refused/);
  });
});

describe("request bodies", () => {
  const post = (body: BodyInit, init: Record<string, string> = {}) => new Request(ORIGIN, { method: "POST", body, headers: init });

  it("takes only the route's media type", async () => {
    expect(() => requireMediaType(headers({ "content-type": "application/json; charset=utf-8" }), "application/json")).not.toThrow();
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      const error = await refusedWith(() => requireMediaType(headers({ "content-type": type }), "application/json"), "UNSUPPORTED_MEDIA_TYPE");
      expect(error.userMessage).toContain("application/json");
    }
  });

  it("refuses a body over the limit by its declared length and, without one, while streaming", async () => {
    await refusedWith(readCappedBytes(post("x".repeat(20), { "content-length": "20" }), 10), "TOO_LARGE");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(8));
        controller.close();
      },
    });
    await refusedWith(readCappedBytes(new Request(ORIGIN, { method: "POST", body: stream, duplex: "half" } as RequestInit), 30), "TOO_LARGE");
    expect((await readCappedBytes(post("abc"), 10)).byteLength).toBe(3);
  });

  it("refuses bad JSON, invalid UTF-8 and 100k-deep nesting with a 4xx, not a stack overflow", async () => {
    expect((await refusedWith(readJsonBody(post("{roles: ADMIN"), 1_000_000), "INVALID_INPUT")).userMessage).toBe("The request body must be JSON.");
    await refusedWith(readJsonBody(post(new Uint8Array([0x22, 0xff, 0x22])), 1_000_000), "INVALID_INPUT");
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect((await refusedWith(readJsonBody(post(deep), 1_000_000), "INVALID_INPUT")).userMessage).toContain("nests deeper");
    expect(await readJsonBody(post('{"a":[1,{"b":2}]}'), 1_000_000)).toEqual({ a: [1, { b: 2 }] });
  });

  it("measures depth without recursion", () => {
    expect(nestsDeeperThan({ a: { b: {} } }, 2)).toBe(false);
    expect(nestsDeeperThan({ a: { b: { c: 1 } } }, 2)).toBe(true);
  });

  it("refuses NUL characters anywhere in an input, keys included", async () => {
    await refusedWith(() => refuseNulCharacters({ actor: "a\u0000b" }), "INVALID_INPUT");
    await refusedWith(() => refuseNulCharacters({ list: [{ ["k\u0000"]: 1 }] }), "INVALID_INPUT");
    expect(() => refuseNulCharacters({ fine: ["text", 1, null, { deeper: "ok" }] })).not.toThrow();
  });
});

describe("readMultipart", () => {
  const limits = uploadLimits({ files: 2, fileBytes: 10, totalFileBytes: 20 });
  const upload = (body: BodyInit, type?: string) => new Request(ORIGIN, { method: "POST", body, headers: type ? { "content-type": type } : {} });

  it("reads files and fields of a well-formed form", async () => {
    const form = new FormData();
    form.set("importId", "abc");
    form.append("files", new File(["print(1)"], "main.py"));
    const read = await readMultipart(upload(form), limits);
    expect(read.fields.get("importId")).toBe("abc");
    expect(read.files.map((f) => [f.field, f.name, new TextDecoder().decode(f.bytes)])).toEqual([["files", "main.py", "print(1)"]]);
  });

  it.each([
    ["no boundary", "--x\r\n", "multipart/form-data"],
    ["truncated framing", '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue', "multipart/form-data; boundary=x"],
    ["garbage", "\u0000\u0001not multipart at all", "multipart/form-data; boundary=zzz"],
  ])("refuses %s with a 4xx", async (_, body, type) => {
    await refusedWith(readMultipart(upload(body, type), limits), "INVALID_INPUT");
  });

  it("refuses a file over its limit and too many files while streaming", async () => {
    const big = new FormData();
    big.append("files", new File(["x".repeat(11)], "big.py"));
    expect((await refusedWith(readMultipart(upload(big), limits), "INVALID_INPUT")).userMessage).toContain("big.py is larger");
    const many = new FormData();
    for (const name of ["a.py", "b.py", "c.py"]) many.append("files", new File(["1"], name));
    expect((await refusedWith(readMultipart(upload(many), limits), "INVALID_INPUT")).userMessage).toContain("At most 2 files");
  });
});

describe("client address", () => {
  const none = trustedProxies([]);
  const proxies = trustedProxies(["10.0.0.0/8", "192.168.1.10"]);

  it("a peer that is not a trusted proxy is the client, whatever X-Forwarded-For it forged", () => {
    const header = forwardedFor("::ffff:127.0.0.1", "1.2.3.4", none);
    expect(header).toBe("127.0.0.1");
    expect(clientAddress(header, none)).toBe("127.0.0.1");
    expect(forwardedFor("203.0.113.9", "1.2.3.4, 5.6.7.8", proxies)).toBe("203.0.113.9");
  });

  it("behind a trusted proxy, the right-most address that is not a proxy", () => {
    const header = forwardedFor("10.1.2.3", "6.6.6.6, 203.0.113.7", proxies);
    expect(header).toBe("6.6.6.6, 203.0.113.7, 10.1.2.3");
    expect(clientAddress(header, proxies)).toBe("203.0.113.7");
    expect(clientAddress(forwardedFor("192.168.1.10", undefined, proxies), proxies)).toBe("192.168.1.10");
  });
});

describe("device cookies", () => {
  const secret = "s".repeat(40);

  it("name the device only for the account and secret they were issued with", () => {
    const value = newDeviceCookieValue(secret, "Admin@Ferry.local");
    const device = deviceOf(secret, "admin@ferry.local ", value);
    expect(device).toMatch(/^[\w-]{16,64}$/);
    expect(deviceOf(secret, "ds@ferry.local", value)).toBeNull();
    expect(deviceOf("t".repeat(40), "admin@ferry.local", value)).toBeNull();
    expect(deviceOf(secret, "admin@ferry.local", `${value}x`)).toBeNull();
    expect(deviceOf(secret, "admin@ferry.local", `other-device-id-123.${value.split(".")[1]}`)).toBeNull();
    expect(deviceOf(secret, "admin@ferry.local", undefined)).toBeNull();
  });

  it("are __Host- and Secure over https, HttpOnly and SameSite=Strict always", () => {
    expect(deviceSetCookie("v", true)).toMatch(/^__Host-ferry\.device=v; Path=\/; .*HttpOnly; SameSite=Strict; Secure$/);
    expect(deviceSetCookie("v", false)).not.toContain("Secure");
    expect(cookieValue("a=1; ferry.device=x.y; b=2", "ferry.device")).toBe("x.y");
  });

  it("back-off doubles after the free failures, up to a cap", () => {
    expect([0, 4, 5, 6, 10].map(backOffSeconds)).toEqual([0, 0, 1, 2, 32]);
    expect(backOffSeconds(1000)).toBe(900);
  });
});

describe("content security policy", () => {
  it("allows scripts only by nonce and forbids framing, plugins and foreign forms", () => {
    const policy = contentSecurityPolicy("abc123", { dev: false, https: true });
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "upgrade-insecure-requests"]) expect(policy).toContain(directive);
    expect(policy).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("n", { dev: true, https: false })).toContain("'unsafe-eval'");
  });
});

describe("actionRequestRefusal (server actions, before Next parses them)", () => {
  const action = (body: BodyInit | null, init: Record<string, string>, method = "POST") =>
    new Request(`${ORIGIN}/admin`, { method, body, headers: { "next-action": "7f00", ...init } });
  const sameOrigin = { origin: ORIGIN, "content-type": "text/plain;charset=UTF-8" };

  it("lets through what React sends from Ferry's pages, and every GET", async () => {
    expect(await actionRequestRefusal(action('[{"userId":"u","roles":["ADMIN"]}]', { ...sameOrigin, "content-length": "33" }), ORIGIN)).toBeNull();
    const plainValues = '["$$escaped","$undefined","$D2026-01-01T00:00:00.000Z","$n42","$-0"]';
    expect(await actionRequestRefusal(action(plainValues, { ...sameOrigin, "content-length": String(plainValues.length) }), ORIGIN)).toBeNull();
    expect(await actionRequestRefusal(new Request(`${ORIGIN}/admin`), ORIGIN)).toBeNull();
  });

  it.each([
    ["a cross-port localhost origin", { ...sameOrigin, origin: "http://localhost:4000", "content-length": "2" }, "[]", 403],
    ["no origin proof", { "content-type": "text/plain", "content-length": "2" }, "[]", 403],
    ["JSON content type", { ...sameOrigin, "content-type": "application/json", "content-length": "2" }, "[]", 415],
    ["a form post", { ...sameOrigin, "content-type": "application/x-www-form-urlencoded", "content-length": "3" }, "a=1", 415],
    ["a declared body over 1 MB", { ...sameOrigin, "content-length": String(MAX_ACTION_BODY_BYTES + 1) }, "[]", 413],
    ["bad JSON", { ...sameOrigin, "content-length": "5" }, "[{x:1", 400],
    ["a non-array root", { ...sameOrigin, "content-length": "7" }, '{"a":1}', 400],
    ["100k-deep nesting", { ...sameOrigin, "content-length": "200000" }, `${"[".repeat(100_000)}${"]".repeat(100_000)}`, 400],
    ["multipart (Ferry's actions take no files)", { ...sameOrigin, "content-type": "multipart/form-data; boundary=x", "content-length": "9" }, "--x\r\nbad", 415],
    ["a reference to a part the body lacks", { ...sameOrigin, "content-length": "6" }, '["$1"]', 400],
    ["a nested Map reference", { ...sameOrigin, "content-length": "16" }, '[{"a":["$Q1"]}]', 400],
    ["a malformed bigint", { ...sameOrigin, "content-length": "8" }, '["$nab"]', 400],
  ])("refuses %s", async (_, init, body, status) => {
    const refusal = await actionRequestRefusal(action(body, init), ORIGIN);
    expect(refusal?.status).toBe(status);
    expect(refusal?.error.length).toBeGreaterThan(10);
  });
});
