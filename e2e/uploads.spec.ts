// Uploads stream to authenticated multipart routes: the caller is known before the body is read, limits hold
// while streaming, and malformed or oversized uploads are 4xx with a message that change nothing.
import http from "node:http";
import { expect, test } from "@playwright/test";
import { fingerprint, withDatabase } from "./database";
import { BASE_URL, DEMO, signedInContext } from "./support";


/** Announces a 60 MB multipart body, sends 1 KB of it and waits: the answer must come without the rest. */
function announceHugeUpload(path: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${BASE_URL}${path}`, {
      method: "POST",
      headers: { Origin: BASE_URL, Cookie: cookie, "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(60 * 1024 * 1024) },
    });
    request.on("response", (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, body });
        request.destroy();
      });
    });
    request.on("error", reject);
    request.write(`--x\r\nContent-Disposition: form-data; name="file"; filename="big.zip"\r\n\r\n${"x".repeat(1024)}`);
    setTimeout(() => reject(new Error(`${path}: no answer while the body was withheld`)), 15_000);
  });
}

test("the caller and the declared size are judged before the body is read", async ({ browser }) => {
  const anonymous = await announceHugeUpload("/api/catalog/bulk/import", "");
  expect(anonymous.status).toBe(401);
  const ds = await signedInContext(browser, DEMO.ds.email);
  const cookie = (await ds.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const tooLarge = await announceHugeUpload("/api/catalog/bulk/preview", cookie);
  expect(tooLarge.status).toBe(413);
  expect(JSON.parse(tooLarge.body)).toMatchObject({ ok: false, code: "TOO_LARGE" });
  await ds.context.close();
});

test("malformed, oversized and over-many script uploads are refused with a message and change nothing", async ({ browser }) => {
  const admin = await signedInContext(browser, DEMO.admin.email);
  const modelId = await withDatabase(async (db) => (await db.query<{ id: string }>(`SELECT id FROM models WHERE slug = 'churn-demo'`)).rows[0]?.id ?? "");
  expect(modelId).not.toBe("");
  const url = `/api/catalog/models/${modelId}/scripts`;
  const before = await fingerprint();
  const post = (multipart: Record<string, { name: string; mimeType: string; buffer: Buffer }>) => admin.page.request.post(url, { multipart, headers: { Origin: BASE_URL } });

  const malformed = await admin.page.request.post(url, { headers: { Origin: BASE_URL, "Content-Type": "multipart/form-data; boundary=x" }, data: Buffer.from("--x\r\nnot a part") });
  expect(malformed.status()).toBe(422);
  expect((await malformed.json()).error).toMatch(/multipart/);

  const big = await post({ files: { name: "big.py", mimeType: "text/x-python", buffer: Buffer.alloc(1_100_000, 0x61) } });
  expect(big.status()).toBe(422);
  expect((await big.json()).error).toContain("big.py is larger than 1 MB");

  const json = await admin.page.request.post(url, { headers: { Origin: BASE_URL }, data: { files: [] } });
  expect(json.status()).toBe(415);

  const foreign = await admin.page.request.post(url, { multipart: { files: { name: "a.py", mimeType: "text/x-python", buffer: Buffer.from("print(1)") } }, headers: { Origin: "http://localhost:4000" } });
  expect(foreign.status()).toBe(403);

  const nul = await post({ files: { name: "a\u0000.py", mimeType: "text/x-python", buffer: Buffer.from("print(1)") } });
  expect(nul.status()).toBeGreaterThanOrEqual(400);
  expect(nul.status()).toBeLessThan(500);

  expect(await fingerprint()).toEqual(before);
  await admin.context.close();
});
