import { Sha256 } from "@smithy/core/checksum";
import { HttpRequest } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import { z } from "zod";
import { env, type Env } from "@/lib/config/env";
import type { EngineCredentials } from "@/lib/engine/auth/credentials-file";
import { engineCredentials } from "./clients";

/**
 * The one caller of the embedded engine's own routes (`/_ferry/*`: image registry, interpreters, job logs;
 * lib/engine/images/README.md). The engine answers only signed requests, so these are signed like the SDK
 * clients' (SigV4, the engine's credentials, service name `ferry`).
 */
export type EngineRouteRequest = {
  method: "GET" | "PUT";
  /** Region of the engine's credential scope: the environment's. */
  region: string;
  json?: unknown;
  /** Tests pass other credentials to see them refused; Ferry always signs with the engine's. */
  credentials?: EngineCredentials;
};

export class EngineUnreachable extends Error {}

export async function engineRouteFetch(url: URL, request: EngineRouteRequest, config: Env = env()): Promise<Response> {
  const body = request.json === undefined ? undefined : JSON.stringify(request.json);
  const signer = new SignatureV4({
    service: "ferry",
    region: request.region,
    credentials: request.credentials ?? engineCredentials(config),
    sha256: Sha256,
    // The engine checks the path exactly as sent, like S3's.
    uriEscapePath: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body,
    }),
  );
  // fetch sets Host itself, to the same url.host that was signed.
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== "host"));
  try {
    return await fetch(url, { method: request.method, headers, body });
  } catch (error) {
    throw new EngineUnreachable(`The embedded engine at ${url.origin} is not reachable: ${String(error)}`);
  }
}

/** What the engine is asked to register: `python` names an interpreter of the engine's allow-list. */
export type EngineImage =
  | { imageUri: string; kind: "framework"; python?: string }
  | { imageUri: string; kind: "custom"; buildContextUri: string; python?: string };

const RegistrationAnswer = z.object({ digest: z.string().regex(/^sha256:[0-9a-f]{64}$/).nullable().optional(), message: z.string().optional() }).loose();

export type EngineRegistration = { ok: true; digest: string | null } | { ok: false; status: number; message: string };

/** `PUT /_ferry/images`: the content-addressed digest of a custom image's build (null for framework images), or the refusal. */
export async function registerEngineImage(endpoint: string, region: string, image: EngineImage): Promise<EngineRegistration> {
  const response = await engineRouteFetch(new URL("/_ferry/images", endpoint), { method: "PUT", region, json: image });
  const answer = RegistrationAnswer.safeParse(await response.json().catch(() => ({})));
  const data = answer.success ? answer.data : {};
  if (!response.ok) return { ok: false, status: response.status, message: data.message ?? "" };
  return { ok: true, digest: data.digest ?? null };
}

/** `GET /_ferry/jobs/<name>/log?offset=N`: the job's log from byte N. */
export function fetchEngineJobLog(logUrl: string, region: string, offset: number): Promise<Response> {
  const url = new URL(logUrl);
  url.searchParams.set("offset", String(offset));
  return engineRouteFetch(url, { method: "GET", region });
}
