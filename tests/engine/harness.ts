import { mkdtempSync, rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { type IncomingHttpHeaders, request as httpRequest } from "node:http";
import os from "node:os";
import path from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SFNClient } from "@aws-sdk/client-sfn";
import { Sha256 } from "@smithy/core/checksum";
import { HttpRequest } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import { startEngine } from "@/lib/engine";
import { type EngineCredentials, formatCredentialsFile, generateCredentials } from "@/lib/engine/auth/credentials-file";

export const TEST_REGION = "us-east-1";
export const TEST_ACCOUNT = "000000000000";
export const TEST_ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/ferry-test`;

/**
 * The credentials every engine of this test process accepts (random per process), kept in one credentials
 * file that each test engine is started with and that Ferry's own clients read (FERRY_ENGINE_CREDENTIALS_FILE),
 * as `npm start` shares its engine's file with the app. Pass them to the AWS CLI, boto3 and SDK clients.
 */
export const TEST_CREDENTIALS: EngineCredentials = generateCredentials();
const CREDENTIALS_DIR = mkdtempSync(path.join(os.tmpdir(), "ferry-test-credentials-"));
export const TEST_CREDENTIALS_FILE = path.join(CREDENTIALS_DIR, "credentials");
process.env.FERRY_ENGINE_CREDENTIALS_FILE = TEST_CREDENTIALS_FILE;
process.once("exit", () => rmSync(CREDENTIALS_DIR, { recursive: true, force: true }));
let credentialsWritten: Promise<void> | undefined;

/** Credentials the engine does not know, for attack tests. */
export const WRONG_CREDENTIALS: EngineCredentials = generateCredentials();

export interface TestEngine {
  endpoint: string;
  dataDir: string;
  sfn: SFNClient;
  sagemaker: SageMakerClient;
  s3: S3Client;
  /** SDK settings for this engine; pass other credentials to build a client the engine must refuse. */
  clientConfig(credentials?: EngineCredentials): { endpoint: string; region: string; credentials: EngineCredentials };
  /** Stops the engine and, unless the caller passed its own data directory, removes it. */
  close(): Promise<void>;
}

export interface TestEngineOptions {
  /** Reuse a data directory (restart tests); the caller then removes it. */
  dataDir?: string;
  maxConcurrentJobs?: number;
}

/** An engine on a random port with a throwaway data directory, and SDK clients pointed at it. */
export async function startTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  credentialsWritten ??= writeFile(TEST_CREDENTIALS_FILE, formatCredentialsFile(TEST_CREDENTIALS), { mode: 0o600 });
  await credentialsWritten;
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), "ferry-engine-test-")));
  const engine = await startEngine({ port: 0, dataDir, credentialsFile: TEST_CREDENTIALS_FILE, maxConcurrentJobs: options.maxConcurrentJobs });
  const clientConfig = (credentials: EngineCredentials = engine.credentials) => ({ endpoint: engine.endpoint, region: TEST_REGION, credentials });
  const sfn = new SFNClient(clientConfig());
  const sagemaker = new SageMakerClient(clientConfig());
  const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
  return {
    endpoint: engine.endpoint,
    dataDir,
    sfn,
    sagemaker,
    s3,
    clientConfig,
    close: async () => {
      for (const client of [sfn, sagemaker, s3]) client.destroy();
      await engine.close();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RawRequest {
  method: string;
  /** Path and query exactly as sent (percent-encoded). */
  target: string;
  /** SigV4 signing name: states, sagemaker, s3 or ferry. */
  service: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  credentials?: EngineCredentials;
  signingDate?: Date;
}

/**
 * Signs a request the way an SDK would (header SigV4, payload hash in x-amz-content-sha256) and returns its
 * pieces, so attack tests can send it as is, or after changing something the signature covers.
 */
export async function signRaw(endpoint: string, request: RawRequest): Promise<{ url: string; method: string; headers: Record<string, string>; body?: string | Buffer }> {
  const url = new URL(endpoint);
  const mark = request.target.indexOf("?");
  const rawPath = mark < 0 ? request.target : request.target.slice(0, mark);
  const query = new Map<string, string>();
  for (const part of mark < 0 ? [] : request.target.slice(mark + 1).split("&")) {
    const eq = part.indexOf("=");
    query.set(decodeURIComponent(eq < 0 ? part : part.slice(0, eq)), eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1)));
  }
  const signer = new SignatureV4({
    service: request.service,
    region: TEST_REGION,
    credentials: request.credentials ?? TEST_CREDENTIALS,
    sha256: Sha256,
    uriEscapePath: request.service !== "s3" && request.service !== "ferry",
  });
  const signed = await signer.sign(
    new HttpRequest({ method: request.method, protocol: "http:", hostname: url.hostname, port: Number(url.port), path: rawPath, query: Object.fromEntries(query), headers: { host: url.host, ...request.headers }, body: request.body }),
    { signingDate: request.signingDate },
  );
  return { url: `${endpoint}${request.target}`, method: request.method, headers: { ...signed.headers }, body: request.body };
}

export type SignedRaw = Awaited<ReturnType<typeof signRaw>>;
export type RawAnswer = { status: number; headers: IncomingHttpHeaders; text: string };

/** Sends what signRaw produced (possibly changed) over node:http, which sends the Host header it is given. */
export function sendRaw(signed: SignedRaw): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(signed.url, { method: signed.method, headers: signed.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(signed.body);
  });
}

export async function makeTempDir(label: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `ferry-${label}-`));
}
