import { z } from "zod";

/**
 * Every setting Ferry reads, validated once. `.env.example` documents the same names; keep them in step.
 * A bad value stops start-up with a message naming the variable (see formatEnvError).
 */
const booleanFlag = z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true");
const port = z.coerce.number().int().min(1).max(65_535);
const seconds = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The job queue's and the workers' settings (lib/jobs; README: "Run it as N instances and M workers"). Read by the
 * web server (readiness, leases of the jobs it queues) and by every worker, so all judge "stale" and "backing up" alike.
 */
export const JobSettings = z.object({
  /** A job still active this long after a worker took it is handed to another worker (the worker is presumed dead). */
  FERRY_JOB_LEASE_SECONDS: seconds(2, 3_600, 120),
  /** How often some worker looks for expired leases and old jobs (one worker per interval does it). */
  FERRY_JOB_MAINTENANCE_SECONDS: seconds(1, 600, 15),
  /** Jobs of each kind one worker runs at once. */
  FERRY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** Seconds between two heartbeats of a worker. */
  FERRY_WORKER_BEAT_SECONDS: seconds(1, 60, 5),
  /** No beat from any worker for this long: status sync is stale, readiness is degraded. */
  FERRY_WORKER_STALE_SECONDS: seconds(3, 3_600, 30),
  /** On SIGTERM, running jobs get this long to finish; unfinished ones are handed back to the queue. */
  FERRY_WORKER_SHUTDOWN_SECONDS: seconds(1, 600, 20),
  /** A job waiting longer than this means the queue is backing up (readiness degraded). */
  FERRY_QUEUE_BACKLOG_SECONDS: seconds(5, 86_400, 120),
});
export type JobSettings = z.output<typeof JobSettings>;

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** embedded: PostgreSQL and the AWS-compatible engine run on this machine. aws: real AWS through the SDK's default credentials. */
    FERRY_MODE: z.enum(["embedded", "aws"]).default("embedded"),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    FERRY_DATA_DIR: z.string().min(1).default(".ferry"),
    PORT: port.default(3000),
    /** Address the web server listens on. Unset: 127.0.0.1 in embedded mode (demo passwords are public), all interfaces in aws mode. */
    FERRY_HOST: z.union([z.ipv4(), z.ipv6(), z.literal("localhost")]).optional(),
    /** The public URL of the web server: the only origin whose requests may change anything. https required in aws mode. */
    FERRY_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    FERRY_ENGINE_PORT: port.default(4599),
    /** The embedded engine's credentials (profile `ferry`); unset: `<FERRY_DATA_DIR>/engine/credentials`, where the engine writes them. */
    FERRY_ENGINE_CREDENTIALS_FILE: z.string().min(1).optional(),
    /** Endpoint the AWS SDK clients use; in embedded mode it defaults to the engine on 127.0.0.1. */
    FERRY_AWS_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must look like us-east-1").default("us-east-1"),
    /** Signs session cookies. Required in aws mode; the embedded default generates one under FERRY_DATA_DIR. */
    FERRY_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /** Encrypts stored credentials (Git tokens, webhook secrets): 32 bytes in base64. Unset: generated under FERRY_DATA_DIR; aws mode keeps them in Secrets Manager. */
    FERRY_SECRETS_KEY: z
      .string()
      .refine((v) => Buffer.from(v, "base64").byteLength === 32, "must be 32 bytes in base64 (openssl rand -base64 32)")
      .optional(),
    /** Sign-in attempts allowed per client address per minute (brute-force guard). */
    FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
    /** API requests one personal access token may make per minute (lib/api/rate-limit.ts). */
    FERRY_API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    /** Reverse proxies (IPs or CIDRs, comma separated) whose X-Forwarded-For entries are trusted. */
    FERRY_TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean)),
    FERRY_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
    FERRY_OIDC_CLIENT_ID: z.string().min(1).optional(),
    FERRY_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    FERRY_OIDC_NAME: z.string().min(1).max(40).default("Single sign-on"),
    FERRY_LOG_QUERIES: booleanFlag.default(false),
    ...JobSettings.shape,
  })
  .superRefine((env, ctx) => {
    const oidc = [env.FERRY_OIDC_ISSUER, env.FERRY_OIDC_CLIENT_ID, env.FERRY_OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["FERRY_OIDC_ISSUER"],
        message: "set FERRY_OIDC_ISSUER, FERRY_OIDC_CLIENT_ID and FERRY_OIDC_CLIENT_SECRET together, or none of them",
      });
    }
    if (env.FERRY_MODE === "aws" && !env.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "is required when FERRY_MODE=aws" });
    }
    if (env.FERRY_MODE === "aws" && !env.FERRY_AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["FERRY_AUTH_SECRET"], message: "is required when FERRY_MODE=aws" });
    }
    // Session cookies are Secure (and __Host- prefixed) only over https; a shared deployment must not send them in clear.
    if (env.FERRY_MODE === "aws" && !env.FERRY_BASE_URL?.startsWith("https://")) {
      ctx.addIssue({ code: "custom", path: ["FERRY_BASE_URL"], message: "must be an https:// URL when FERRY_MODE=aws (session cookies are sent over https only)" });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

export function formatEnvError(error: z.ZodError): string {
  const lines = error.issues.map((issue) => `  ${issue.path.join(".") || "(environment)"}: ${issue.message}`);
  return `Ferry cannot start: invalid configuration.\n${lines.join("\n")}\nSee .env.example for every variable.`;
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  // Empty strings mean "unset" (a common artefact of .env files and CI templates).
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) throw new EnvError(formatEnvError(parsed.error));
  return parsed.data;
}

let cached: Env | undefined;

/** The validated configuration of this process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function baseUrl(config: Env = env()): string {
  return config.FERRY_BASE_URL ?? `http://localhost:${config.PORT}`;
}

/** Served over https: cookies get the Secure flag and the __Host- prefix. */
export function servedOverHttps(config: Env = env()): boolean {
  return baseUrl(config).startsWith("https://");
}

export function listenHost(config: Env = env()): string {
  return config.FERRY_HOST ?? (config.FERRY_MODE === "embedded" ? "127.0.0.1" : "0.0.0.0");
}

export function awsEndpoint(config: Env = env()): string | undefined {
  if (config.FERRY_AWS_ENDPOINT) return config.FERRY_AWS_ENDPOINT;
  return config.FERRY_MODE === "embedded" ? `http://127.0.0.1:${config.FERRY_ENGINE_PORT}` : undefined;
}
