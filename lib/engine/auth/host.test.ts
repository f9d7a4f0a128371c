import { describe, expect, it } from "vitest";
import { isLoopbackAddress, isLoopbackHost } from "./host";

describe("isLoopbackHost", () => {
  it.each(["localhost", "localhost:4599", "127.0.0.1:4599", "[::1]:4599", "[::1]", "LOCALHOST:1"])("answers %s", (host) => expect(isLoopbackHost(host)).toBe(true));

  it.each([undefined, "", "evil.example:4599", "localhost.evil.example", "127.0.0.1.nip.io:4599", "127.0.0.2:4599", "[::2]:4599", "localhost:4599:1", "0.0.0.0:4599", "user@localhost"])(
    "refuses %s",
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
});

describe("isLoopbackAddress", () => {
  it("listens on loopback only", () => {
    expect(["127.0.0.1", "::1", "localhost"].every(isLoopbackAddress)).toBe(true);
    expect(["0.0.0.0", "::", "192.168.1.2"].some(isLoopbackAddress)).toBe(false);
  });
});
