const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether a Host header names this machine's loopback interface (any port). A web page can make a browser
 * send requests to 127.0.0.1 under a host name it controls (DNS rebinding); such a request carries that
 * name, never one of these.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  return match !== null && LOOPBACK_NAMES.has(match[1] ?? "");
}

/** Addresses the engine may listen on: loopback only, so nothing off this machine reaches it. */
export function isLoopbackAddress(address: string): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "localhost";
}
