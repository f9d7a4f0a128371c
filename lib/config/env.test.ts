import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { awsEndpoint, baseUrl, EnvError, EnvSchema, parseEnv as parseProcessEnv, type Env } from "./env";

const AWS_SECRET = "x".repeat(32);
const AWS_BASE_URL = "https://ferry.example.com";
const AWS_DB = "postgresql://ferry:secret@db.internal:5432/ferry";

type Vars = Record<string, string>;

/**
 * parseEnv over a plain map of variables. Next's types declare NODE_ENV as always present in ProcessEnv, but a
 * real environment is any bag of strings, which is what the tests need to express.
 */
function parseEnv(vars: Vars): Env {
  return parseProcessEnv(vars as NodeJS.ProcessEnv);
}

/** The message parseEnv throws for `source`, or a test failure when it does not throw an EnvError. */
function envErrorFor(source: Vars): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).message;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(source)}`);
}

/** formatEnvError writes one "  NAME: reason" line per problem; matching the line start tells PORT from FERRY_ENGINE_PORT. */
function namesVariable(message: string, name: string): boolean {
  return message.split("\n").some((line) => line.startsWith(`  ${name}: `));
}

describe(".env.example", () => {
  it("documents every variable Ferry reads, and nothing else", async () => {
    const example = await readFile(new URL("../../.env.example", import.meta.url), "utf8");
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(EnvSchema.shape).filter((key) => key !== "NODE_ENV").sort());
  });
});

describe("parseEnv defaults", () => {
  it("gives the embedded default from an empty environment", () => {
    const config = parseEnv({});
    expect(config).toMatchObject({
      NODE_ENV: "development",
      FERRY_MODE: "embedded",
      FERRY_DATA_DIR: ".ferry",
      PORT: 3000,
      FERRY_ENGINE_PORT: 4599,
      AWS_REGION: "us-east-1",
      FERRY_OIDC_NAME: "Single sign-on",
      FERRY_LOG_QUERIES: false,
      FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE: 10,
      FERRY_JOB_LEASE_SECONDS: 120,
      FERRY_JOB_MAINTENANCE_SECONDS: 15,
      FERRY_WORKER_CONCURRENCY: 2,
      FERRY_WORKER_BEAT_SECONDS: 5,
      FERRY_WORKER_STALE_SECONDS: 30,
      FERRY_WORKER_SHUTDOWN_SECONDS: 20,
      FERRY_QUEUE_BACKLOG_SECONDS: 120,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.FERRY_AUTH_SECRET).toBeUndefined();
    expect(config.FERRY_OIDC_ISSUER).toBeUndefined();
  });

  it("coerces numbers and flags and ignores variables it does not know", () => {
    const config = parseEnv({ PORT: "8080", FERRY_ENGINE_PORT: "4700", FERRY_LOG_QUERIES: "1", HOME: "/root", PATH: "/usr/bin" });
    expect(config.PORT).toBe(8080);
    expect(config.FERRY_ENGINE_PORT).toBe(4700);
    expect(config.FERRY_LOG_QUERIES).toBe(true);
    expect(parseEnv({ FERRY_LOG_QUERIES: "false" }).FERRY_LOG_QUERIES).toBe(false);
    expect(config).not.toHaveProperty("HOME");
  });

  it("accepts a complete aws configuration", () => {
    const config = parseEnv({ FERRY_MODE: "aws", DATABASE_URL: AWS_DB, FERRY_AUTH_SECRET: AWS_SECRET, FERRY_BASE_URL: AWS_BASE_URL, AWS_REGION: "eu-west-1" });
    expect(config.FERRY_MODE).toBe("aws");
    expect(config.DATABASE_URL).toBe(AWS_DB);
    expect(config.AWS_REGION).toBe("eu-west-1");
  });

  it("accepts a complete OIDC configuration", () => {
    const config = parseEnv({
      FERRY_OIDC_ISSUER: "https://login.example.com/realms/ml",
      FERRY_OIDC_CLIENT_ID: "ferry",
      FERRY_OIDC_CLIENT_SECRET: "s3cret",
    });
    expect(config.FERRY_OIDC_CLIENT_ID).toBe("ferry");
  });
});

describe("parseEnv refuses bad values and names the variable", () => {
  const cases: { name: string; variable: string; source: Vars }[] = [
    { name: "PORT that is not a number", variable: "PORT", source: { PORT: "abc" } },
    { name: "PORT zero", variable: "PORT", source: { PORT: "0" } },
    { name: "PORT above 65535", variable: "PORT", source: { PORT: "70000" } },
    { name: "PORT with a fraction", variable: "PORT", source: { PORT: "3000.5" } },
    { name: "FERRY_ENGINE_PORT negative", variable: "FERRY_ENGINE_PORT", source: { FERRY_ENGINE_PORT: "-1" } },
    { name: "DATABASE_URL that is not a URL", variable: "DATABASE_URL", source: { DATABASE_URL: "not a url" } },
    { name: "DATABASE_URL of another database", variable: "DATABASE_URL", source: { DATABASE_URL: "mysql://u:p@localhost/ferry" } },
    { name: "FERRY_MODE unknown", variable: "FERRY_MODE", source: { FERRY_MODE: "cloud" } },
    { name: "NODE_ENV unknown", variable: "NODE_ENV", source: { NODE_ENV: "staging" } },
    { name: "AWS_REGION malformed", variable: "AWS_REGION", source: { AWS_REGION: "Europe" } },
    { name: "FERRY_BASE_URL without http(s)", variable: "FERRY_BASE_URL", source: { FERRY_BASE_URL: "ftp://ferry.example.com" } },
    { name: "FERRY_AWS_ENDPOINT not a URL", variable: "FERRY_AWS_ENDPOINT", source: { FERRY_AWS_ENDPOINT: "localhost:4566" } },
    { name: "FERRY_AUTH_SECRET too short", variable: "FERRY_AUTH_SECRET", source: { FERRY_AUTH_SECRET: "short" } },
    { name: "FERRY_LOG_QUERIES not a flag", variable: "FERRY_LOG_QUERIES", source: { FERRY_LOG_QUERIES: "yes" } },
    { name: "FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE zero", variable: "FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE", source: { FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE: "0" } },
    { name: "FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE not a number", variable: "FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE", source: { FERRY_SIGN_IN_ATTEMPTS_PER_MINUTE: "many" } },
    { name: "FERRY_OIDC_NAME too long", variable: "FERRY_OIDC_NAME", source: { FERRY_OIDC_NAME: "n".repeat(41) } },
    { name: "FERRY_JOB_LEASE_SECONDS below 2", variable: "FERRY_JOB_LEASE_SECONDS", source: { FERRY_JOB_LEASE_SECONDS: "1" } },
    { name: "FERRY_WORKER_CONCURRENCY not a number", variable: "FERRY_WORKER_CONCURRENCY", source: { FERRY_WORKER_CONCURRENCY: "lots" } },
    { name: "FERRY_WORKER_STALE_SECONDS with a fraction", variable: "FERRY_WORKER_STALE_SECONDS", source: { FERRY_WORKER_STALE_SECONDS: "2.5" } },
    { name: "FERRY_QUEUE_BACKLOG_SECONDS above a day", variable: "FERRY_QUEUE_BACKLOG_SECONDS", source: { FERRY_QUEUE_BACKLOG_SECONDS: "86401" } },
    {
      name: "OIDC issuer without client",
      variable: "FERRY_OIDC_ISSUER",
      source: { FERRY_OIDC_ISSUER: "https://login.example.com" },
    },
    {
      name: "OIDC client id and secret without issuer",
      variable: "FERRY_OIDC_ISSUER",
      source: { FERRY_OIDC_CLIENT_ID: "ferry", FERRY_OIDC_CLIENT_SECRET: "s3cret" },
    },
    { name: "aws mode without FERRY_AUTH_SECRET", variable: "FERRY_AUTH_SECRET", source: { FERRY_MODE: "aws", DATABASE_URL: AWS_DB } },
    { name: "aws mode without DATABASE_URL", variable: "DATABASE_URL", source: { FERRY_MODE: "aws", FERRY_AUTH_SECRET: AWS_SECRET } },
    { name: "aws mode without FERRY_BASE_URL", variable: "FERRY_BASE_URL", source: { FERRY_MODE: "aws", DATABASE_URL: AWS_DB, FERRY_AUTH_SECRET: AWS_SECRET } },
    {
      name: "aws mode with an http FERRY_BASE_URL",
      variable: "FERRY_BASE_URL",
      source: { FERRY_MODE: "aws", DATABASE_URL: AWS_DB, FERRY_AUTH_SECRET: AWS_SECRET, FERRY_BASE_URL: "http://ferry.example.com" },
    },
  ];

  it.each(cases)("$name → names $variable", ({ variable, source }) => {
    const message = envErrorFor(source);
    expect(message).toMatch(/^Ferry cannot start: invalid configuration\./);
    expect(namesVariable(message, variable), message).toBe(true);
    expect(message).toContain("See .env.example");
  });

  it("says what is wrong, not only where", () => {
    expect(envErrorFor({ FERRY_AUTH_SECRET: "short" })).toContain("FERRY_AUTH_SECRET: must be at least 32 characters");
    expect(envErrorFor({ AWS_REGION: "Europe" })).toContain("AWS_REGION: must look like us-east-1");
    const oidc = envErrorFor({ FERRY_OIDC_CLIENT_ID: "ferry" });
    for (const name of ["FERRY_OIDC_ISSUER", "FERRY_OIDC_CLIENT_ID", "FERRY_OIDC_CLIENT_SECRET"]) expect(oidc).toContain(name);
    expect(envErrorFor({ FERRY_MODE: "aws", DATABASE_URL: AWS_DB })).toContain("FERRY_AUTH_SECRET: is required when FERRY_MODE=aws");
  });

  it("lists every bad variable at once, not only the first", () => {
    const message = envErrorFor({ PORT: "abc", DATABASE_URL: "nope", FERRY_MODE: "cloud" });
    for (const name of ["PORT", "DATABASE_URL", "FERRY_MODE"]) expect(namesVariable(message, name), message).toBe(true);
  });

  it("never echoes a secret value back", () => {
    expect(envErrorFor({ FERRY_AUTH_SECRET: "hunter2-top-secret" })).not.toContain("hunter2-top-secret");
  });
});

describe("parseEnv treats empty strings as unset", () => {
  it("falls back to defaults for empty values", () => {
    const config = parseEnv({ PORT: "", FERRY_MODE: "", DATABASE_URL: "", FERRY_DATA_DIR: "", FERRY_AUTH_SECRET: "", AWS_REGION: "" });
    expect(config.PORT).toBe(3000);
    expect(config.FERRY_MODE).toBe("embedded");
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.FERRY_DATA_DIR).toBe(".ferry");
    expect(config.FERRY_AUTH_SECRET).toBeUndefined();
    expect(config.AWS_REGION).toBe("us-east-1");
  });

  it("does not count an empty OIDC variable as half a configuration", () => {
    expect(parseEnv({ FERRY_OIDC_ISSUER: "", FERRY_OIDC_CLIENT_ID: "", FERRY_OIDC_CLIENT_SECRET: "" }).FERRY_OIDC_ISSUER).toBeUndefined();
  });

  it("still requires a secret in aws mode when it is set to the empty string", () => {
    const message = envErrorFor({ FERRY_MODE: "aws", DATABASE_URL: AWS_DB, FERRY_AUTH_SECRET: "" });
    expect(namesVariable(message, "FERRY_AUTH_SECRET"), message).toBe(true);
  });
});

describe("derived settings", () => {
  it("baseUrl defaults to localhost on PORT and prefers FERRY_BASE_URL", () => {
    expect(baseUrl(parseEnv({ PORT: "3100" }))).toBe("http://localhost:3100");
    expect(baseUrl(parseEnv({ FERRY_BASE_URL: "https://ferry.example.com" }))).toBe("https://ferry.example.com");
  });

  it("awsEndpoint points at the embedded engine only in embedded mode", () => {
    expect(awsEndpoint(parseEnv({ FERRY_ENGINE_PORT: "4699" }))).toBe("http://127.0.0.1:4699");
    expect(awsEndpoint(parseEnv({ FERRY_MODE: "aws", DATABASE_URL: AWS_DB, FERRY_AUTH_SECRET: AWS_SECRET, FERRY_BASE_URL: AWS_BASE_URL }))).toBeUndefined();
    expect(awsEndpoint(parseEnv({ FERRY_AWS_ENDPOINT: "http://localhost:4566" }))).toBe("http://localhost:4566");
  });
});

describe("start-up with a bad configuration", () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

  /** Runs the real `npm start` entry point; it must stop before starting PostgreSQL, the engine or Next. */
  function start(env: Vars) {
    const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: root,
      // Only PATH and HOME from this process: a developer's DATABASE_URL or FERRY_* must not leak in.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env } as Vars as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: result.status, stderr: result.stderr, stdout: result.stdout };
  }

  it("stops with exit code 1 and a message naming the variable, without a stack trace", () => {
    const { status, stderr, stdout } = start({ PORT: "not-a-port", FERRY_DATA_DIR: "/nonexistent/ferry-env-test" });
    expect(status).toBe(1);
    expect(stderr).toContain("Ferry cannot start: invalid configuration.");
    expect(namesVariable(stderr, "PORT"), stderr).toBe(true);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).not.toContain("starting embedded PostgreSQL");
  });

  it("names FERRY_AUTH_SECRET when aws mode has none", () => {
    const { status, stderr } = start({ FERRY_MODE: "aws", DATABASE_URL: AWS_DB });
    expect(status).toBe(1);
    expect(namesVariable(stderr, "FERRY_AUTH_SECRET"), stderr).toBe(true);
  });
});
