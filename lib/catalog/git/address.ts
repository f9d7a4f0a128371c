import { BlockList, isIP } from "node:net";
import { lookup } from "node:dns/promises";
import { AppError } from "@/lib/commands/errors";

/**
 * Where a Git fetch may connect. Loopback, private, link-local and other special-purpose addresses (IPv4 and
 * IPv6, IPv4 embedded in IPv6 included) are refused unless an admin allowed the host: a repository URL is chosen by
 * a user, and Ferry's own network (the engine, PostgreSQL, a cloud metadata service) must not answer it.
 */
// Two lists: a BlockList reads IPv4 addresses as IPv4-mapped IPv6 too, so one list would refuse every IPv4 address.
const SPECIAL_V4 = new BlockList();
const SPECIAL_V6 = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) SPECIAL_V4.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 127], ["::ffff:0:0", 96], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 32], ["2001:db8::", 32],
  ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) SPECIAL_V6.addSubnet(net, prefix, "ipv6");

/** True for an address a user's URL may reach without an admin's allowance. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 6 ? !SPECIAL_V6.check(address, "ipv6") : !SPECIAL_V4.check(address, "ipv4");
}

/** A host as typed in a URL, lower-cased and without IPv6 brackets, so allow-list entries compare equal. */
export function normalHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
}

export function refusedAddress(host: string, address: string): AppError {
  return new AppError(
    "FORBIDDEN",
    `${host} resolves to ${address}, a loopback or private address; Ferry does not fetch from there unless an admin allows the host (Admin → Environments → Git hosts).`,
  );
}

export type AddressCheck = { allowed: (host: string) => boolean };

/**
 * Resolves a host and checks every address it has (not only the first), so a name with one public and one private
 * address is refused too. Used as the socket's lookup: the address checked is the address connected to.
 */
export async function checkedAddresses(host: string, check: AddressCheck): Promise<{ address: string; family: number }[]> {
  const name = normalHost(host);
  const addresses = isIP(name) ? [{ address: name, family: isIP(name) }] : await lookup(name, { all: true, verbatim: true });
  if (addresses.length === 0) throw new AppError("INVALID_INPUT", `${name} does not resolve to any address.`);
  if (!check.allowed(name)) {
    const inner = addresses.find((a) => !isPublicAddress(a.address));
    if (inner) throw refusedAddress(name, inner.address);
  }
  return addresses;
}
