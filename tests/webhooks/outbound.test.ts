// The outbound address rule (lib/net/outbound.ts): which addresses a webhook (or any URL a person gives Ferry)
// may reach without an admin's allowance, IPv4 and IPv6, mapped and literal forms included.
import { describe, expect, it } from "vitest";
import { checkedAddresses, isPublicAddress, normalHost } from "@/lib/net/outbound";

const REFUSED = [
  "127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
  "100.100.100.200", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1",
  "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:169.254.169.254", "::ffff:a9fe:a9fe", "64:ff9b::7f00:1", "2002:7f00:1::1", "2001:db8::1",
  "not-an-address",
];
const ALLOWED = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2a00:1450:4001:80b::200e"];

describe("isPublicAddress", () => {
  it.each(REFUSED)("refuses %s", (address) => expect(isPublicAddress(address)).toBe(false));
  it.each(ALLOWED)("allows %s", (address) => expect(isPublicAddress(address)).toBe(true));
});

describe("checkedAddresses", () => {
  const nobodyAllowed = { allowed: () => false, allowIn: "Admin → Webhooks" };

  it("refuses a private literal and names where to allow it; an allowed host passes", async () => {
    await expect(checkedAddresses("127.0.0.1", nobodyAllowed)).rejects.toMatchObject({ code: "FORBIDDEN", userMessage: expect.stringContaining("Admin → Webhooks") });
    await expect(checkedAddresses("[::1]", nobodyAllowed)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await checkedAddresses("127.0.0.1", { allowed: (h) => h === "127.0.0.1", allowIn: "" })).toEqual([{ address: "127.0.0.1", family: 4 }]);
  });

  it("resolves names and checks every address (localhost resolves to loopback only)", async () => {
    await expect(checkedAddresses("localhost", nobodyAllowed)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("normalises hosts so allow-list entries compare equal", () => {
    expect(normalHost("[::1]")).toBe("::1");
    expect(normalHost("Example.COM.")).toBe("example.com");
  });
});
