import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ListProcessingJobsCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { ListStateMachinesCommand, SFNClient } from "@aws-sdk/client-sfn";
import { Sha256 } from "@smithy/core/checksum";
import { HttpRequest } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineRouteFetch } from "@/lib/aws/engine-routes";
import { type RawAnswer, sendRaw, signRaw, startTestEngine, TEST_CREDENTIALS, TEST_REGION, TEST_ROLE, type TestEngine, WRONG_CREDENTIALS } from "./harness";

/**
 * The engine answers only Ferry: every request must name a loopback host and carry a SigV4 signature made
 * with the engine's own credentials. Each attack below is refused with AWS's error, and nothing changes.
 */

const run = promisify(execFile);
const BUCKET = "auth-bucket";
const DEFINITION = JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Pass", End: true } } });

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
  await engine.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await engine.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "keep.txt", Body: "kept" }));
});
afterAll(async () => engine?.close());

const sfnCall = (operation: string, body: unknown) => ({
  method: "POST",
  target: "/",
  service: "states",
  headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AWSStepFunctions.${operation}` },
  body: JSON.stringify(body),
});

async function stateMachineNames(): Promise<string[]> {
  return ((await engine.sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? []).map((m) => m.name ?? "");
}

async function objectExists(key: string): Promise<boolean> {
  return engine.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })).then(
    () => true,
    () => false,
  );
}

function jsonError(answer: RawAnswer): string {
  return String((JSON.parse(answer.text) as { __type?: string }).__type);
}

function xmlError(answer: RawAnswer): string {
  return /<Code>([^<]+)<\/Code>/.exec(answer.text)?.[1] ?? "";
}

/** The signed request, sent without its signature. */
function unsigned(signed: Awaited<ReturnType<typeof signRaw>>) {
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => !["authorization", "x-amz-date", "x-amz-content-sha256"].includes(name)));
  return { ...signed, headers };
}

describe("unsigned requests", () => {
  it("are refused by Step Functions, SageMaker, S3 and the engine's own routes, changing nothing", async () => {
    const createMachine = await sendRaw(unsigned(await signRaw(engine.endpoint, sfnCall("CreateStateMachine", { name: "unsigned", definition: DEFINITION, roleArn: TEST_ROLE }))));
    expect(createMachine.status).toBe(400);
    expect(jsonError(createMachine)).toBe("IncompleteSignatureException");
    expect(await stateMachineNames()).not.toContain("unsigned");

    const createJob = await sendRaw(
      unsigned(
        await signRaw(engine.endpoint, {
          method: "POST",
          target: "/",
          service: "sagemaker",
          headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "SageMaker.ListProcessingJobs" },
          body: "{}",
        }),
      ),
    );
    expect(createJob.status).toBe(400);
    expect(jsonError(createJob)).toBe("IncompleteSignatureException");

    const putObject = await sendRaw(unsigned(await signRaw(engine.endpoint, { method: "PUT", target: `/${BUCKET}/planted.html`, service: "s3", body: "<script>x</script>" })));
    expect(putObject.status).toBe(403);
    expect(xmlError(putObject)).toBe("AccessDenied");
    expect(await objectExists("planted.html")).toBe(false);

    const getObject = await fetch(`${engine.endpoint}/${BUCKET}/keep.txt`);
    expect(getObject.status).toBe(403);
    expect(await getObject.text()).not.toContain("kept");

    const register = await sendRaw(
      unsigned(await signRaw(engine.endpoint, { method: "PUT", target: "/_ferry/images", service: "ferry", headers: { "content-type": "application/json" }, body: JSON.stringify({ imageUri: "x/unsigned:1", kind: "framework" }) })),
    );
    expect(register.status).toBe(400);
    expect(jsonError(register)).toBe("IncompleteSignatureException");
    const images = await engineRouteFetch(new URL("/_ferry/images", engine.endpoint), { method: "GET", region: TEST_REGION, credentials: TEST_CREDENTIALS });
    expect(JSON.stringify(await images.json())).not.toContain("x/unsigned:1");
    expect((await fetch(`${engine.endpoint}/_ferry/interpreters`)).status).toBe(400);
  });

  it("refuses S3's POST ?delete without a signature, the CORS simple request a web page could send", async () => {
    const body = `<Delete><Object><Key>keep.txt</Key></Object></Delete>`;
    const answer = await fetch(`${engine.endpoint}/${BUCKET}?delete`, { method: "POST", headers: { "content-type": "text/plain" }, body });
    expect(answer.status).toBe(403);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    expect(await objectExists("keep.txt")).toBe(true);
  });
});

describe("wrong credentials", () => {
  it("an unknown access key gets UnrecognizedClientException / InvalidAccessKeyId", async () => {
    const sfn = new SFNClient({ ...engine.clientConfig(WRONG_CREDENTIALS), maxAttempts: 1 });
    const s3 = new S3Client({ ...engine.clientConfig(WRONG_CREDENTIALS), forcePathStyle: true, maxAttempts: 1 });
    await expect(sfn.send(new ListStateMachinesCommand({}))).rejects.toMatchObject({ name: "UnrecognizedClientException", $metadata: { httpStatusCode: 400 } });
    await expect(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "wrong-key.txt", Body: "x" }))).rejects.toMatchObject({ name: "InvalidAccessKeyId", $metadata: { httpStatusCode: 403 } });
    expect(await objectExists("wrong-key.txt")).toBe(false);
    sfn.destroy();
    s3.destroy();
  });

  it("the engine's access key with another secret gets InvalidSignatureException / SignatureDoesNotMatch", async () => {
    const forged = { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: WRONG_CREDENTIALS.secretAccessKey };
    const sagemaker = new SageMakerClient({ ...engine.clientConfig(forged), maxAttempts: 1 });
    const s3 = new S3Client({ ...engine.clientConfig(forged), forcePathStyle: true, maxAttempts: 1 });
    await expect(sagemaker.send(new ListProcessingJobsCommand({}))).rejects.toMatchObject({ name: "InvalidSignatureException", $metadata: { httpStatusCode: 400 } });
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "keep.txt" }))).rejects.toMatchObject({ name: "SignatureDoesNotMatch", $metadata: { httpStatusCode: 403 } });
    const registered = await engineRouteFetch(new URL("/_ferry/images", engine.endpoint), { method: "PUT", region: TEST_REGION, credentials: forged, json: { imageUri: "x/forged:1", kind: "framework" } });
    expect(registered.status).toBe(400);
    expect(((await registered.json()) as { __type: string }).__type).toBe("InvalidSignatureException");
    sagemaker.destroy();
    s3.destroy();
  });
});

describe("requests changed after signing", () => {
  it("a JSON body changed after signing is refused", async () => {
    const signed = await signRaw(engine.endpoint, sfnCall("CreateStateMachine", { name: "signed-name", definition: DEFINITION, roleArn: TEST_ROLE }));
    const answer = await sendRaw({ ...signed, body: String(signed.body).replace("signed-name", "forged-name") });
    expect(answer.status).toBe(400);
    expect(jsonError(answer)).toBe("InvalidSignatureException");
    // The same change with the payload hash recomputed: the hash is signed, so the signature no longer matches.
    const rehashed = await signRaw(engine.endpoint, sfnCall("CreateStateMachine", { name: "forged-name", definition: DEFINITION, roleArn: TEST_ROLE }));
    const mixed = await sendRaw({ ...rehashed, headers: { ...rehashed.headers, authorization: signed.headers.authorization ?? "" } });
    expect(jsonError(mixed)).toBe("InvalidSignatureException");
    expect(await stateMachineNames()).not.toContain("forged-name");
  });

  it("an S3 body that does not match its signed SHA-256 is refused as XAmzContentSHA256Mismatch and not stored", async () => {
    const signed = await signRaw(engine.endpoint, { method: "PUT", target: `/${BUCKET}/tampered.txt`, service: "s3", body: "original" });
    const answer = await sendRaw({ ...signed, body: "replaced" });
    expect(answer.status).toBe(400);
    expect(xmlError(answer)).toBe("XAmzContentSHA256Mismatch");
    expect(await objectExists("tampered.txt")).toBe(false);
    // The untouched request is accepted: the refusal was the change, not the route.
    expect((await sendRaw(signed)).status).toBe(200);
    expect(await objectExists("tampered.txt")).toBe(true);
  });

  it("a signed header or target changed after signing is refused", async () => {
    const signed = await signRaw(engine.endpoint, { method: "PUT", target: `/${BUCKET}/meta.txt`, service: "s3", headers: { "x-amz-meta-owner": "alice" }, body: "m" });
    const header = await sendRaw({ ...signed, headers: { ...signed.headers, "x-amz-meta-owner": "mallory" } });
    expect(header.status).toBe(403);
    expect(xmlError(header)).toBe("SignatureDoesNotMatch");
    const key = await sendRaw({ ...signed, url: signed.url.replace("meta.txt", "other.txt") });
    expect(xmlError(key)).toBe("SignatureDoesNotMatch");
    expect(await objectExists("meta.txt")).toBe(false);
    expect(await objectExists("other.txt")).toBe(false);

    const list = await signRaw(engine.endpoint, sfnCall("ListStateMachines", {}));
    const retargeted = await sendRaw({ ...list, headers: { ...list.headers, "x-amz-target": "AWSStepFunctions.DescribeStateMachine" } });
    expect(jsonError(retargeted)).toBe("InvalidSignatureException");
  });
});

describe("signatures out of time or scope", () => {
  it("a request signed 20 minutes ago is refused (AWS allows 15 minutes of skew)", async () => {
    const old = new Date(Date.now() - 20 * 60 * 1000);
    const sfn = await sendRaw(await signRaw(engine.endpoint, { ...sfnCall("CreateStateMachine", { name: "stale", definition: DEFINITION, roleArn: TEST_ROLE }), signingDate: old }));
    expect(jsonError(sfn)).toBe("InvalidSignatureException");
    expect(JSON.parse(sfn.text)).toMatchObject({ message: expect.stringContaining("Signature expired") });
    expect(await stateMachineNames()).not.toContain("stale");
    const s3 = await sendRaw(await signRaw(engine.endpoint, { method: "PUT", target: `/${BUCKET}/stale.txt`, service: "s3", body: "s", signingDate: old }));
    expect(s3.status).toBe(403);
    expect(xmlError(s3)).toBe("RequestTimeTooSkewed");
    expect(await objectExists("stale.txt")).toBe(false);
  });

  it("a signature scoped to another region or service is refused", async () => {
    const otherRegion = new SFNClient({ ...engine.clientConfig(), region: "eu-west-1", maxAttempts: 1 });
    await expect(otherRegion.send(new ListStateMachinesCommand({}))).rejects.toMatchObject({ name: "InvalidSignatureException" });
    otherRegion.destroy();
    // An S3 signature replayed against Step Functions' route.
    const s3Signed = await signRaw(engine.endpoint, { ...sfnCall("ListStateMachines", {}), service: "s3" });
    expect(jsonError(await sendRaw(s3Signed))).toBe("InvalidSignatureException");
  });
});

describe("Host header (DNS rebinding)", () => {
  it("answers only loopback names, whatever the signature", async () => {
    const evil = "evil.example:4599";
    // Signed for the foreign name, as a rebinding page's browser would address it.
    const create = await signRaw(`http://${evil}`, sfnCall("CreateStateMachine", { name: "rebound", definition: DEFINITION, roleArn: TEST_ROLE }));
    const sfn = await sendRaw({ ...create, url: create.url.replace(`http://${evil}`, engine.endpoint) });
    expect(sfn.status).toBe(403);
    expect(jsonError(sfn)).toBe("AccessDeniedException");
    expect(await stateMachineNames()).not.toContain("rebound");
    const get = await signRaw(`http://${evil}`, { method: "GET", target: `/${BUCKET}/keep.txt`, service: "s3" });
    const rebound = await sendRaw({ ...get, url: get.url.replace(`http://${evil}`, engine.endpoint) });
    expect(rebound.status).toBe(403);
    expect(xmlError(rebound)).toBe("AccessDenied");
    expect(rebound.text).not.toContain("kept");
    for (const host of [`localhost:${new URL(engine.endpoint).port}`, `[::1]:${new URL(engine.endpoint).port}`]) {
      const signed = await signRaw(`http://${host}`, { method: "GET", target: `/${BUCKET}/keep.txt`, service: "s3" });
      expect((await sendRaw({ ...signed, url: signed.url.replace(`http://${host}`, engine.endpoint) })).text, host).toBe("kept");
    }
  });
});

describe("presigned URLs", () => {
  async function presign(key: string, expiresIn = 300, signingDate?: Date): Promise<string> {
    const url = new URL(engine.endpoint);
    const signer = new SignatureV4({ service: "s3", region: TEST_REGION, credentials: TEST_CREDENTIALS, sha256: Sha256, uriEscapePath: false });
    const request = await signer.presign(
      // As @aws-sdk/s3-request-presigner does: the payload is unsigned, declared in the query.
      new HttpRequest({ method: "GET", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: `/${BUCKET}/${key}`, headers: { host: url.host, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } }),
      { expiresIn, signingDate },
    );
    const query = Object.entries(request.query ?? {}).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
    return `${engine.endpoint}${request.path}?${query.join("&")}`;
  }

  it("a presigned GET works; a tampered or expired one does not", async () => {
    expect(await (await fetch(await presign("keep.txt"))).text()).toBe("kept");
    const tampered = (await presign("keep.txt")).replace("X-Amz-Expires=300", "X-Amz-Expires=604800");
    const refused = await fetch(tampered);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    const otherKey = await fetch((await presign("keep.txt")).replace("/keep.txt?", "/meta.txt?"));
    expect(otherKey.status).toBe(403);
    const expired = await fetch(await presign("keep.txt", 60, new Date(Date.now() - 10 * 60 * 1000)));
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("Request has expired");
  });

  it("works with a URL presigned by the AWS CLI", async () => {
    const { stdout } = await run("/usr/bin/aws", ["s3", "presign", `s3://${BUCKET}/keep.txt`, "--endpoint-url", engine.endpoint, "--expires-in", "120"], {
      env: { NODE_ENV: "test", PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/nonexistent", AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_DEFAULT_REGION: TEST_REGION, AWS_EC2_METADATA_DISABLED: "true" },
    });
    expect(await (await fetch(stdout.trim())).text()).toBe("kept");
  });
});

describe("S3 never serves a page a browser would run", () => {
  it("serves uploaded HTML sandboxed, unsniffable and without CORS headers", async () => {
    await engine.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "page.html", Body: "<script>fetch('http://localhost:3000/')</script>", ContentType: "text/html" }));
    const signed = await signRaw(engine.endpoint, { method: "GET", target: `/${BUCKET}/page.html`, service: "s3", headers: { origin: "http://localhost:3000" } });
    const answer = await sendRaw(signed);
    expect(answer.status).toBe(200);
    expect(answer.headers["content-security-policy"]).toBe("sandbox; default-src 'none'");
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    expect(Object.keys(answer.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
    // Refusals and the other protocols carry the same headers.
    const refused = await fetch(`${engine.endpoint}/${BUCKET}/page.html`);
    expect(refused.headers.get("x-content-type-options")).toBe("nosniff");
    const json = await sendRaw(await signRaw(engine.endpoint, sfnCall("ListStateMachines", {})));
    expect(json.headers["x-content-type-options"]).toBe("nosniff");
  });
});
