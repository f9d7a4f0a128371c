import http from "node:http";
import https from "node:https";
import { AppError } from "@/lib/commands/errors";
import { checkedAddresses, guardedLookup, type OutboundRule } from "@/lib/net/outbound";

export const RESPONSE_BYTES_KEPT = 2048;
const TIMEOUT_MS = 10_000;

export type SendResult = { statusCode: number | null; body: string; durationMs: number; error: string | null };

/**
 * One POST to a webhook endpoint. Every address of its host is checked (also the one the socket connects to, so a
 * DNS answer that changes in between does not slip through); redirects are never followed (a 3xx is a failed
 * attempt), only the first 2 KB of the answer are read, and the whole attempt has 10 s.
 */
export async function postSigned(url: string, body: string, headers: Record<string, string>, rule: OutboundRule): Promise<SendResult> {
  const started = Date.now();
  const target = new URL(url);
  const done = (result: Omit<SendResult, "durationMs">): SendResult => ({ ...result, durationMs: Date.now() - started });
  try {
    // http.request skips `lookup` for IP literals, so those are checked here first (names are checked twice).
    await checkedAddresses(target.hostname, rule);
  } catch (error) {
    return done({ statusCode: null, body: "", error: error instanceof AppError ? error.userMessage : String(error) });
  }
  const transport = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const request = transport.request(
      target,
      {
        method: "POST",
        agent: false,
        lookup: guardedLookup(rule),
        timeout: TIMEOUT_MS,
        headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "Ferry-Webhooks/1" },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const finish = () => {
          const status = response.statusCode ?? 0;
          const redirect = status >= 300 && status < 400 ? `Redirected to ${String(response.headers.location ?? "?").slice(0, 200)}; Ferry does not follow webhook redirects.` : null;
          resolve(done({ statusCode: status, body: Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_BYTES_KEPT), error: redirect }));
        };
        response.on("data", (chunk: Buffer) => {
          if (kept < RESPONSE_BYTES_KEPT) chunks.push(chunk.subarray(0, RESPONSE_BYTES_KEPT - kept));
          kept += chunk.byteLength;
          if (kept >= RESPONSE_BYTES_KEPT) {
            response.destroy();
            finish();
          }
        });
        response.on("end", finish);
        response.on("error", () => finish());
      },
    );
    request.on("timeout", () => request.destroy(new Error(`No answer within ${TIMEOUT_MS / 1000} s`)));
    request.on("error", (error) => resolve(done({ statusCode: null, body: "", error: error instanceof AppError ? error.userMessage : error.message })));
    request.end(body);
  });
}
