/**
 * A stand-in for AWS's front door, between Ferry and the engine (benchmarks only): it counts every call by
 * service and operation, per run and per second, and (when given quotas) throttles each API with a token
 * bucket of AWS's published size and refill rate, answering ThrottlingException as AWS does. Requests are
 * forwarded unchanged, Host header included, so the engine checks the signature the client made.
 */
import { createServer, request as forward, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Bucket size and refill per second, per API (`Service.Operation`). */
export type Quotas = Record<string, { bucket: number; refillPerSecond: number }>;

/**
 * Step Functions' API quotas per account and region, the smaller column of its quotas page (most regions;
 * us-east-1, us-west-2 and eu-west-1 have DescribeExecution 300/15 and StartExecution 1,300/300).
 * SageMaker publishes no token bucket for DescribeProcessingJob; 20/s is assumed. ReceiveMessage is not throttled.
 */
export const AWS_QUOTAS: Quotas = {
  "states.DescribeExecution": { bucket: 250, refillPerSecond: 10 },
  "states.GetExecutionHistory": { bucket: 400, refillPerSecond: 20 },
  "states.DescribeStateMachine": { bucket: 200, refillPerSecond: 20 },
  "states.StartExecution": { bucket: 800, refillPerSecond: 150 },
  "sagemaker.DescribeProcessingJob": { bucket: 20, refillPerSecond: 20 },
};

class Bucket {
  private tokens: number;
  private last = Date.now();
  constructor(private readonly quota: { bucket: number; refillPerSecond: number }) {
    this.tokens = quota.bucket;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.quota.bucket, this.tokens + ((now - this.last) / 1000) * this.quota.refillPerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

const SERVICES: Record<string, string> = { AWSStepFunctions: "states", SageMaker: "sagemaker", AmazonSQS: "sqs", AWSEvents: "events" };

function apiOf(req: IncomingMessage): string {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") {
    const [prefix = "", operation = ""] = target.split(".", 2);
    return `${SERVICES[prefix] ?? prefix}.${operation}`;
  }
  return req.url?.startsWith("/_ferry/") ? "ferry.route" : "s3.request";
}

export type QuotaProxy = {
  endpoint: string;
  /** Calls forwarded (not throttled), by API. */
  calls: Map<string, number>;
  throttled: Map<string, number>;
  /** Calls per whole second since start(), by API. */
  perSecond: Map<string, number[]>;
  reset(): void;
  close(): Promise<void>;
};

export async function startQuotaProxy(engineEndpoint: string, quotas: Quotas = {}): Promise<QuotaProxy> {
  const target = new URL(engineEndpoint);
  const buckets = new Map(Object.entries(quotas).map(([api, quota]) => [api, new Bucket(quota)]));
  const calls = new Map<string, number>();
  const throttled = new Map<string, number>();
  const perSecond = new Map<string, number[]>();
  let origin = Date.now();
  const bump = (map: Map<string, number>, api: string) => map.set(api, (map.get(api) ?? 0) + 1);

  const server: Server = createServer((req, res) => {
    const api = apiOf(req);
    if (buckets.get(api)?.take() === false) {
      bump(throttled, api);
      req.resume();
      const body = JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" });
      res.writeHead(400, { "Content-Type": "application/x-amz-json-1.0", "x-amzn-ErrorType": "ThrottlingException", "Content-Length": Buffer.byteLength(body) }).end(body);
      return;
    }
    bump(calls, api);
    const second = Math.floor((Date.now() - origin) / 1000);
    const series = perSecond.get(api) ?? [];
    series[second] = (series[second] ?? 0) + 1;
    perSecond.set(api, series);
    const upstream = forward({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    throttled,
    perSecond,
    reset() {
      calls.clear();
      throttled.clear();
      perSecond.clear();
      origin = Date.now();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
