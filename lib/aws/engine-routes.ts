import { Sha256 } from "@smithy/core/checksum";
import { HttpRequest } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import { z } from "zod";
import { credentialsFor } from "./credentials";
import { type AwsTarget, isEmbeddedEngine } from "./targets";

/**
 * The one caller of the embedded engine's own routes (`/_ferry/*`: its image registry and interpreters;
 * lib/engine/images/README.md), the only engine-only API left: everything else is AWS's. The engine answers
 * only signed requests, so these are signed like the SDK clients' (SigV4, the engine's credentials, service
 * name `ferry`).
 */
export type EngineRouteRequest = {
  method: "GET" | "PUT";
  /** Region of the engine's credential scope: the environment's. */
  region: string;
  json?: unknown;
  /** Ferry signs with the engine's (credentialsFor an engine target); tests and tools with what they hold. */
  credentials: ConstructorParameters<typeof SignatureV4>[0]["credentials"];
};

export class EngineUnreachable extends Error {}

export async function engineRouteFetch(url: URL, request: EngineRouteRequest): Promise<Response> {
  const body = request.json === undefined ? undefined : JSON.stringify(request.json);
  const signer = new SignatureV4({
    service: "ferry",
    region: request.region,
    credentials: request.credentials,
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

const RegistrationAnswer = z.object({ message: z.string().optional() }).loose();

/**
 * Where an image runs is the engine's business only on the engine: an AWS target has real images (pushed to ECR
 * outside Ferry), so nothing is registered there (`registered: false`).
 */
export type EngineRegistration = { ok: true; registered: boolean } | { ok: false; status: number; message: string };

/** `PUT /_ferry/images` on the target when it is the embedded engine. Its digest is then ECR's to tell. */
export async function registerImageWithEngine(target: AwsTarget, image: EngineImage): Promise<EngineRegistration> {
  if (!isEmbeddedEngine(target)) return { ok: true, registered: false };
  const response = await engineRouteFetch(new URL("/_ferry/images", target.endpoint), { method: "PUT", region: target.region, json: image, credentials: credentialsFor(target) });
  if (response.ok) return { ok: true, registered: true };
  const answer = RegistrationAnswer.safeParse(await response.json().catch(() => ({})));
  return { ok: false, status: response.status, message: (answer.success ? answer.data.message : undefined) ?? "" };
}
