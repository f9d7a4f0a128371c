import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { Sha256 } from "@smithy/core/checksum";
import { HttpRequest } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import { AuthError, SIGNATURE_MISMATCH } from "./auth-error";
import type { CredentialStore } from "./credential-store";

/** How one kind of route is signed. */
export interface SigningProfile {
  /** The signing name in the credential scope: `states`, `sagemaker`, `s3`, `logs`, `ecr`, `sts`, or `ferry` for the engine's own routes. */
  service: string;
  /** S3 (and the engine's routes) sign the path exactly as sent; the other services normalise and escape it again. */
  uriEscapePath: boolean;
  /** Query-string (presigned URL) signatures: S3 only. */
  presigned: boolean;
  /**
   * `body`: the caller hashes the whole body (JSON protocols; x-amz-content-sha256 optional).
   * `header`: the body streams, so x-amz-content-sha256 is required and checked as the body arrives;
   * `header-or-unsigned` also takes S3's UNSIGNED-PAYLOAD and unsigned aws-chunked uploads.
   */
  payload: "body" | "header" | "header-or-unsigned";
}

export interface RequestToVerify {
  method: string;
  /** Path and query as sent, still percent-encoded. */
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  /** Hex SHA-256 of the whole body, when the caller read it (profiles with `payload: "body"`). */
  bodySha256?: string;
}

export interface VerifyContext {
  store: CredentialStore;
  region: string;
  now?: Date;
}

/** What the request claims: who signed, when, for which scope, over which headers. */
interface Claim {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  token?: string;
  /** Seconds a presigned URL stays valid; undefined for a signed header. */
  expires?: number;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
/** AWS accepts requests signed up to 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const UNSIGNED_PAYLOADS = new Set(["UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"]);

/**
 * Verifies a SigV4 signature (Authorization header, or S3's presigned query) against the engine's own
 * credentials: scope, clock, access key, token, then the signature itself, recomputed by @smithy/signature-v4
 * over exactly the headers the client signed and compared in constant time. Throws AuthError.
 */
export async function verifySignature(request: RequestToVerify, profile: SigningProfile, context: VerifyContext): Promise<{ accessKeyId: string }> {
  const query = parseQuery(request.rawQuery);
  const claim = query.has("X-Amz-Signature") ? presignedClaim(request, query, profile) : headerClaim(request.headers);
  checkScope(claim, profile.service, context.region);
  checkClock(claim, context.now ?? new Date());
  const secret = context.store.secretFor(claim.accessKeyId);
  if (!secret) throw new AuthError("unknown-key", "The AWS Access Key Id you provided does not exist in our records.");
  if (!sameSecret(claim.token ?? "", secret.sessionToken ?? "")) {
    throw new AuthError("bad-token", "The security token included in the request is invalid.");
  }
  if (secret.expiresAt !== undefined && (context.now ?? new Date()).getTime() >= secret.expiresAt) {
    throw new AuthError("expired-token", "The security token included in the request is expired.");
  }
  const expected = await computeSignature(request, query, claim, payloadHash(request, query, claim, profile), profile, {
    accessKeyId: claim.accessKeyId,
    secretAccessKey: secret.secret,
    sessionToken: secret.sessionToken,
  });
  if (!sameSecret(expected, claim.signature)) throw new AuthError("mismatch", SIGNATURE_MISMATCH);
  return { accessKeyId: claim.accessKeyId };
}

function headerClaim(headers: IncomingHttpHeaders): Claim {
  const authorization = headers.authorization;
  if (!authorization) throw new AuthError("missing", "Access Denied: the request is not signed. The embedded engine answers only requests signed with its own credentials.");
  if (!authorization.startsWith(`${ALGORITHM} `)) throw new AuthError("malformed", `Unsupported authorization type: only ${ALGORITHM} is accepted.`);
  const fields = new Map<string, string>();
  for (const part of authorization.slice(ALGORITHM.length + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!credential || !signedHeaders || !signature) {
    throw new AuthError("malformed", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
  }
  const amzDate = headers["x-amz-date"];
  if (typeof amzDate !== "string") throw new AuthError("malformed", "Authorization header requires existence of a 'X-Amz-Date' header.");
  return { ...parseCredential(credential), amzDate, signedHeaders: parseSignedHeaders(signedHeaders), signature, token: single(headers["x-amz-security-token"]) };
}

function presignedClaim(request: RequestToVerify, query: Map<string, string[]>, profile: SigningProfile): Claim {
  if (!profile.presigned) throw new AuthError("missing", "Access Denied: query-string signatures are accepted by S3 only.");
  if (request.headers.authorization) throw new AuthError("malformed", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.");
  const param = (name: string): string => {
    const value = query.get(name)?.[0];
    if (value === undefined) throw new AuthError("malformed", `Query-string authentication requires the ${name} parameter.`);
    return value;
  };
  if (param("X-Amz-Algorithm") !== ALGORITHM) throw new AuthError("malformed", `X-Amz-Algorithm only supports "${ALGORITHM}".`);
  const expires = Number(param("X-Amz-Expires"));
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGNED_SECONDS) {
    throw new AuthError("malformed", `X-Amz-Expires must be between 1 and ${MAX_PRESIGNED_SECONDS} seconds.`);
  }
  return {
    ...parseCredential(param("X-Amz-Credential")),
    amzDate: param("X-Amz-Date"),
    signedHeaders: parseSignedHeaders(param("X-Amz-SignedHeaders")),
    signature: param("X-Amz-Signature"),
    token: query.get("X-Amz-Security-Token")?.[0],
    expires,
  };
}

function parseCredential(credential: string): Pick<Claim, "accessKeyId" | "scopeDate" | "region" | "service"> {
  const [accessKeyId, scopeDate, region, service, terminator, ...rest] = credential.split("/");
  if (!accessKeyId || !scopeDate || !region || !service || terminator !== "aws4_request" || rest.length > 0) {
    throw new AuthError("malformed", `The credential is malformed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`);
  }
  return { accessKeyId, scopeDate, region, service };
}

function parseSignedHeaders(list: string): string[] {
  const names = list.split(";");
  if (!names.includes("host") || names.some((name) => name === "" || name !== name.toLowerCase())) {
    throw new AuthError("malformed", "SignedHeaders must be a ;-separated list of lower-case header names including host.");
  }
  return names;
}

function checkScope(claim: Claim, service: string, region: string): void {
  if (!/^\d{8}T\d{6}Z$/.test(claim.amzDate)) throw new AuthError("malformed", `X-Amz-Date must be in the ISO8601 basic format (YYYYMMDD'T'HHMMSS'Z'), not '${claim.amzDate}'.`);
  if (claim.scopeDate !== claim.amzDate.slice(0, 8)) {
    throw new AuthError("scope", `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${claim.scopeDate}' != '${claim.amzDate.slice(0, 8)}'.`);
  }
  if (claim.region !== region) throw new AuthError("scope", `Credential should be scoped to a valid region: the region '${claim.region}' is wrong; expecting '${region}'.`);
  if (claim.service !== service) throw new AuthError("scope", `Credential should be scoped to correct service: '${service}', not '${claim.service}'.`);
}

function checkClock(claim: Claim, now: Date): void {
  const signedAt = parseAmzDate(claim.amzDate).getTime();
  if (claim.expires === undefined) {
    if (Math.abs(now.getTime() - signedAt) > MAX_SKEW_MS) {
      throw new AuthError("skewed", `Signature expired: ${claim.amzDate} is more than 15 minutes away from the engine's time ${formatAmzDate(now)}.`);
    }
    return;
  }
  if (now.getTime() > signedAt + claim.expires * 1000) throw new AuthError("expired", "Request has expired.");
  if (signedAt - now.getTime() > MAX_SKEW_MS) throw new AuthError("expired", "Request is not valid yet.");
}

/** The payload hash the client signed, checked against what this kind of route accepts. */
function payloadHash(request: RequestToVerify, query: Map<string, string[]>, claim: Claim, profile: SigningProfile): string {
  if (claim.expires !== undefined) {
    const declared = query.get("X-Amz-Content-Sha256")?.[0] ?? "UNSIGNED-PAYLOAD";
    if (declared !== "UNSIGNED-PAYLOAD") throw new AuthError("malformed", "A presigned URL must not sign a payload (X-Amz-Content-Sha256 other than UNSIGNED-PAYLOAD).");
    return declared;
  }
  const declared = single(request.headers["x-amz-content-sha256"]);
  if (profile.payload === "body") {
    if (declared !== undefined && declared !== request.bodySha256) {
      throw new AuthError("payload-mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    return request.bodySha256 ?? "";
  }
  if (declared === undefined) throw new AuthError("payload-missing", "Missing required header for this request: x-amz-content-sha256.");
  if (HEX_SHA256.test(declared)) return declared;
  if (profile.payload === "header-or-unsigned" && UNSIGNED_PAYLOADS.has(declared)) return declared;
  if (declared.startsWith("STREAMING-AWS4-")) {
    throw new AuthError("payload-unsupported", `x-amz-content-sha256 '${declared}' (signed chunks) is not supported by the embedded engine; send the payload's SHA-256, UNSIGNED-PAYLOAD or STREAMING-UNSIGNED-PAYLOAD-TRAILER.`);
  }
  throw new AuthError("malformed", `x-amz-content-sha256 must be the payload's SHA-256${profile.payload === "header-or-unsigned" ? ", UNSIGNED-PAYLOAD or STREAMING-UNSIGNED-PAYLOAD-TRAILER" : ""}.`);
}

/**
 * Re-signs the request as the client must have: the same method, path, query and signed headers, the same
 * date, region and service. Headers the client did not sign (x-amz-date of a presigned URL, the content hash
 * and token the signer adds itself) are kept out of the canonical request.
 */
async function computeSignature(
  request: RequestToVerify,
  query: Map<string, string[]>,
  claim: Claim,
  payload: string,
  profile: SigningProfile,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): Promise<string> {
  const headers: Record<string, string> = { "x-amz-content-sha256": payload };
  for (const name of claim.signedHeaders) {
    const value = request.headers[name];
    // A signed header that is missing cannot match; leaving it out makes the signature differ.
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const signer = new SignatureV4({
    service: claim.service,
    region: claim.region,
    credentials,
    sha256: Sha256,
    uriEscapePath: profile.uriEscapePath,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({ method: request.method, protocol: "http:", hostname: "engine", path: request.rawPath, query: Object.fromEntries(query), headers }),
    {
      signingDate: parseAmzDate(claim.amzDate),
      signableHeaders: new Set(claim.signedHeaders),
      unsignableHeaders: new Set(["x-amz-date", "x-amz-content-sha256", "x-amz-security-token"]),
    },
  );
  return /Signature=([0-9a-f]+)$/.exec(String(signed.headers.authorization))?.[1] ?? "";
}

/** The query as sent, decoded once, keeping repeated names (a `+` stays a plus, as SigV4 encodes it). */
function parseQuery(raw: string): Map<string, string[]> {
  const query = new Map<string, string[]>();
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const [name, value] = eq < 0 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)];
    const key = decode(name);
    query.set(key, [...(query.get(key) ?? []), decode(value)]);
  }
  return query;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new AuthError("malformed", "The query string is not valid percent-encoding.");
  }
}

function parseAmzDate(value: string): Date {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) ?? [];
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}/, "").replace(/[-:]/g, "");
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
