import { createHash } from "node:crypto";
import { Sha256 } from "@smithy/core/checksum";
import { HttpRequest } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { AuthError } from "./auth-error";
import type { CredentialStore } from "./credential-store";
import { type SigningProfile, verifySignature } from "./sigv4";

/** Temporary credentials, as an STS AssumeRole would hand out: the store knows their token. */
const TEMPORARY = { accessKeyId: "ASIATEMPORARYKEY0001", secretAccessKey: "temporary-secret", sessionToken: "session-token-1" };
const store: CredentialStore = { secretFor: (id) => (id === TEMPORARY.accessKeyId ? { secret: TEMPORARY.secretAccessKey, sessionToken: TEMPORARY.sessionToken } : undefined) };
const STATES: SigningProfile = { service: "states", uriEscapePath: true, presigned: false, payload: "body" };
const S3: SigningProfile = { service: "s3", uriEscapePath: false, presigned: true, payload: "header-or-unsigned" };
const BODY = "{}";

async function signedHeaders(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: "states", region: "us-east-1", credentials, sha256: Sha256 });
  const request = new HttpRequest({ method: "POST", protocol: "http:", hostname: "127.0.0.1", path: "/", headers: { host: "127.0.0.1:4599", "x-amz-target": "AWSStepFunctions.ListStateMachines" }, body: BODY });
  return (await signer.sign(request)).headers;
}

function verify(headers: Record<string, string>) {
  const bodySha256 = createHash("sha256").update(BODY).digest("hex");
  return verifySignature({ method: "POST", rawPath: "/", rawQuery: "", headers, bodySha256 }, STATES, { store, region: "us-east-1" });
}

describe("verifySignature with temporary credentials", () => {
  it("accepts a request carrying the credentials' session token", async () => {
    await expect(verify(await signedHeaders(TEMPORARY))).resolves.toEqual({ accessKeyId: TEMPORARY.accessKeyId });
  });

  it("refuses the same key without its token, or with another one", async () => {
    const { sessionToken: _dropped, ...withoutToken } = TEMPORARY;
    await expect(verify(await signedHeaders(withoutToken))).rejects.toMatchObject({ failure: "bad-token" });
    await expect(verify(await signedHeaders({ ...TEMPORARY, sessionToken: "another" }))).rejects.toBeInstanceOf(AuthError);
  });

  it("accepts a presigned URL that carries the token in X-Amz-Security-Token", async () => {
    const signer = new SignatureV4({ service: "s3", region: "us-east-1", credentials: TEMPORARY, sha256: Sha256, uriEscapePath: false });
    const presigned = await signer.presign(
      new HttpRequest({ method: "GET", protocol: "http:", hostname: "127.0.0.1", path: "/bucket/key", headers: { host: "127.0.0.1:4599", "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } }),
    );
    const rawQuery = Object.entries(presigned.query ?? {}).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`).join("&");
    expect(rawQuery).toContain("X-Amz-Security-Token=session-token-1");
    const request = { method: "GET", rawPath: "/bucket/key", headers: { host: "127.0.0.1:4599" } };
    await expect(verifySignature({ ...request, rawQuery }, S3, { store, region: "us-east-1" })).resolves.toEqual({ accessKeyId: TEMPORARY.accessKeyId });
    await expect(verifySignature({ ...request, rawQuery: rawQuery.replace("session-token-1", "session-token-2") }, S3, { store, region: "us-east-1" })).rejects.toMatchObject({ failure: "bad-token" });
  });
});
