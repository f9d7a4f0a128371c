import { BlockList, isIP } from "node:net";

/** FERRY_TRUSTED_PROXIES (IPs or CIDRs) as a set to test addresses against. */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function isTrusted(address: string, trusted: BlockList): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The X-Forwarded-For a request should carry, decided where the truth is: at the socket. A peer that is not a
 * trusted proxy is the client, whatever header it sent; a trusted proxy's header is kept with the proxy added.
 * Ferry's server (lib/http/server.ts) applies this before Next sees the request.
 */
export function forwardedFor(peer: string | undefined, header: string | string[] | undefined, trusted: BlockList): string {
  const address = (peer ?? "unknown").replace(/^::ffff:/, "");
  const given = Array.isArray(header) ? header.join(", ") : header;
  return isTrusted(address, trusted) && given ? `${given}, ${address}` : address;
}

/** The client of a request whose X-Forwarded-For was set by forwardedFor: the right-most untrusted hop. */
export function clientAddress(header: string | null, trusted: BlockList): string {
  const hops = (header ?? "").split(",").map((hop) => hop.trim().replace(/^::ffff:/, "")).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (hop && !isTrusted(hop, trusted)) return hop.slice(0, 64);
  }
  return hops[0]?.slice(0, 64) ?? "unknown";
}
