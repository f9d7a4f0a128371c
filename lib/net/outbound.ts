import { lookup } from "node:dns/promises";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { AppError } from "@/lib/commands/errors";

/**
 * Where Ferry may connect on a user's or an admin's say-so (webhooks, Git fetches). Loopback,
 * private, link-local (cloud metadata at 169.254.169.254 and fd00:ec2::254), shared, documentation, multicast and
 * reserved ranges are refused, IPv4 and IPv6 alike, unless an admin allowed the host: such a URL must not reach
 * Ferry's own network (the engine, PostgreSQL, a metadata service).
 */
const SPECIAL_V4: readonly [string, number][] = [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
];
// 2002::/16 (6to4) and 64:ff9b::/96 (NAT64) carry an IPv4 address inside; they are refused whole rather than unpacked.
const SPECIAL_V6: readonly [string, number][] = [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23], ["2001:db8::", 32],
  ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
];

function blockList(ranges: readonly [string, number][], family: "ipv4" | "ipv6"): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ranges) list.addSubnet(network, prefix, family);
  return list;
}
const V4 = blockList(SPECIAL_V4, "ipv4");
const V6 = blockList(SPECIAL_V6, "ipv6");

/** ::ffff:a.b.c.d (also written ::ffff:7f00:1) is the IPv4 address a.b.c.d and is judged as that. */
function embeddedIpv4(address: string): string | null {
  const match = /^::ffff:(?:0+:)?(.+)$/i.exec(address);
  if (!match?.[1]) return null;
  const rest = match[1];
  if (isIP(rest) === 4) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest);
  if (!hex?.[1] || !hex[2]) return null;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** True for an address Ferry may reach without an admin's allowance. Anything that is not an IP address is false. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !V4.check(address, "ipv4");
  if (family !== 6) return false;
  const v4 = embeddedIpv4(address);
  if (v4 !== null) return isPublicAddress(v4);
  return !V6.check(address, "ipv6");
}

/** A host as a URL names it, lower-case, without IPv6 brackets or a trailing dot, so allow-list entries compare equal. */
export function normalHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
}

export type OutboundRule = {
  /** Hosts an admin allowed (already normalised). */
  allowed: (host: string) => boolean;
  /** Where the refusal tells admins to allow a host, e.g. "Admin → Webhooks → Allowed hosts". */
  allowIn: string;
};

export type ResolvedAddress = { address: string; family: number };

/**
 * Resolves a host and checks every address it has, not only the first: a name with one public and one private
 * address is refused too. Used as the socket's own lookup, so the address checked is the address connected to.
 */
export async function checkedAddresses(host: string, rule: OutboundRule): Promise<ResolvedAddress[]> {
  const name = normalHost(host);
  const addresses = isIP(name) ? [{ address: name, family: isIP(name) }] : await lookup(name, { all: true, verbatim: true }).catch(() => []);
  if (addresses.length === 0) throw new AppError("INVALID_INPUT", `${name} does not resolve to any address.`);
  if (rule.allowed(name)) return addresses;
  const inner = addresses.find((a) => !isPublicAddress(a.address));
  if (inner) {
    throw new AppError("FORBIDDEN", `${name} resolves to ${inner.address}, a loopback or private address; Ferry does not connect there unless an admin allows the host (${rule.allowIn}).`);
  }
  return addresses;
}

/** The `lookup` option of http(s).request that resolves through checkedAddresses. */
export function guardedLookup(rule: OutboundRule): LookupFunction {
  return (hostname, options, callback) => {
    checkedAddresses(hostname, rule).then(
      (addresses) => {
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]?.address ?? "", addresses[0]?.family ?? 4);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, "", 4),
    );
  };
}
