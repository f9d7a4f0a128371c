import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { describeTarget, sessionNameFor, targetFor, targetKey } from "./targets";

const embedded = parseEnv({ NODE_ENV: "test", FERRY_ENGINE_CREDENTIALS_FILE: "/data/engine/credentials" });
const aws = { kind: "AWS" as const, region: "eu-west-1", endpointOverride: null, accessRoleArn: null, externalId: null };

describe("targetFor", () => {
  it("signs the embedded engine with its own credentials file, at its endpoint", () => {
    expect(targetFor({ ...aws, kind: "EMBEDDED", region: "us-east-1" }, null, embedded)).toEqual({
      region: "us-east-1",
      endpoint: "http://127.0.0.1:4599",
      credentials: { kind: "engine", file: "/data/engine/credentials" },
    });
  });

  it("gives an AWS environment the default chain, or the access role assumed with it, in the user's name", () => {
    expect(targetFor(aws, { email: "ds@ferry.local" }, embedded)).toEqual({ region: "eu-west-1", credentials: { kind: "default-chain" } });
    const role = { ...aws, accessRoleArn: "arn:aws:iam::123456789012:role/ferry-access", externalId: "ext-1", endpointOverride: "https://vpce.example" };
    expect(targetFor(role, { email: "ds@ferry.local" }, embedded)).toEqual({
      region: "eu-west-1",
      endpoint: "https://vpce.example",
      credentials: { kind: "assumed-role", roleArn: role.accessRoleArn, externalId: "ext-1", sessionName: "ferry-ds" },
    });
  });

  it("keeps one key per region, endpoint and credentials: another user's session is another target", () => {
    const role = { ...aws, accessRoleArn: "arn:aws:iam::123456789012:role/ferry-access" };
    const [a, b, c] = [targetFor(role, { email: "a@x" }, embedded), targetFor(role, { email: "b@x" }, embedded), targetFor(role, { email: "a@y" }, embedded)];
    expect(targetKey(a)).not.toBe(targetKey(b));
    expect(targetKey(a)).toBe(targetKey(c));
    expect(describeTarget(a)).toBe("AWS eu-west-1, as arn:aws:iam::123456789012:role/ferry-access (session ferry-a)");
  });
});

describe("sessionNameFor", () => {
  it.each([
    [{ email: "jane.o'brien+ml@bank.example" }, "ferry-jane.o-brien+ml"],
    [{ email: "Ω@x" }, "ferry--"],
    [{ email: `${"a".repeat(80)}@x` }, `ferry-${"a".repeat(58)}`],
    [null, "ferry-system"],
  ])("turns %j into an STS session name", (principal, expected) => {
    const name = sessionNameFor(principal);
    expect(name).toBe(expected);
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});
