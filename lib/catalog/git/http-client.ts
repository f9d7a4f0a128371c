import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { GitHttpRequest, GitHttpResponse, HttpClient } from "isomorphic-git";
import { AppError } from "@/lib/commands/errors";
import { checkedAddresses, normalHost, type AddressCheck } from "./address";
import { GIT_LIMITS } from "./limits";
import { packOfResponse, scanPack } from "./pack-scan";

type Limits = Record<"fetchBytes" | "objectBytes" | "inflatedBytes" | "redirects" | "timeoutMs", number>;

/** The socket's own lookup: the addresses checked are the ones connected to (no window for a DNS change between). */
function guardedLookup(check: AddressCheck): LookupFunction {
  return (hostname, options, callback) => {
    checkedAddresses(hostname, check).then(
      (addresses) => {
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]?.address ?? "", addresses[0]?.family ?? 4);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, "", 4),
    );
  };
}

async function bodyBytes(body: GitHttpRequest["body"]): Promise<Buffer | undefined> {
  if (!body) return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* chunksOf(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield new Uint8Array(bytes);
}

type Answer = { status: number; message: string; headers: Record<string, string>; body: Buffer };

/**
 * isomorphic-git's HTTP, with Ferry's rules: http(s) only, every address checked (redirects re-checked, at most
 * a few, never from https down to http, credentials dropped when the host changes), one deadline and one byte
 * budget for the whole fetch, and each pack scanned for oversized objects before the library sees it.
 */
export function guardedHttp(check: AddressCheck, limits: Limits = GIT_LIMITS): HttpClient {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let received = 0;

  function once(url: URL, method: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Answer> {
    const transport = url.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(url, { method, headers, lookup: guardedLookup(check), signal, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => {
          received += chunk.byteLength;
          if (received > limits.fetchBytes) {
            response.destroy();
            reject(new AppError("INVALID_INPUT", `The repository is larger than the ${limits.fetchBytes / 1_000_000} MB Ferry fetches. Import a branch with less history or a smaller repository.`));
          } else chunks.push(chunk);
        });
        response.on("end", () => {
          const flat = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
          resolve({ status: response.statusCode ?? 0, message: response.statusMessage ?? "", headers: flat, body: Buffer.concat(chunks) });
        });
        response.on("error", reject);
      });
      request.on("error", (error) => reject(signal.aborted ? new AppError("INVALID_INPUT", `The Git server did not answer within ${limits.timeoutMs / 1000} s.`) : error));
      request.end(body);
    });
  }

  async function request(req: GitHttpRequest): Promise<GitHttpResponse> {
    let url = new URL(req.url);
    let headers = { ...(req.headers ?? {}) };
    const body = await bodyBytes(req.body);
    const method = req.method ?? "GET";
    for (let hop = 0; ; hop++) {
      if (url.protocol !== "https:" && url.protocol !== "http:") throw new AppError("INVALID_INPUT", "Git is fetched over https:// (or http:// from an allowed host) only.");
      await checkedAddresses(url.hostname, check);
      const answer = await once(url, method, headers, body);
      const location = answer.headers.location;
      if (answer.status >= 300 && answer.status < 400 && location) {
        if (hop >= limits.redirects) throw new AppError("INVALID_INPUT", `The Git server redirected more than ${limits.redirects} times.`);
        const next = new URL(location, url);
        if (url.protocol === "https:" && next.protocol !== "https:") throw new AppError("INVALID_INPUT", "The Git server redirected from https to an insecure address; refused.");
        if (normalHost(next.host) !== normalHost(url.host)) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== "authorization"));
        url = next;
        continue;
      }
      if (answer.headers["content-type"]?.startsWith("application/x-git-upload-pack-result")) {
        const pack = packOfResponse(answer.body);
        if (pack) scanPack(pack, limits);
      }
      return { url: url.toString(), method, headers: answer.headers, body: chunksOf(answer.body), statusCode: answer.status, statusMessage: answer.message };
    }
  }

  return { request };
}
