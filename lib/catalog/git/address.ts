import { checkedAddresses as checkedOutbound, type ResolvedAddress } from "@/lib/net/outbound";

export { isPublicAddress, normalHost } from "@/lib/net/outbound";

export type AddressCheck = { allowed: (host: string) => boolean };

/**
 * Where a Git fetch may connect: Ferry's one outbound rule (lib/net/outbound.ts). A repository URL is chosen by a
 * user, so every address its host resolves to must be public unless an admin allowed the host; used as the socket's
 * lookup, so the address checked is the address connected to.
 */
export function checkedAddresses(host: string, check: AddressCheck): Promise<ResolvedAddress[]> {
  return checkedOutbound(host, { allowed: check.allowed, allowIn: "Admin → Environments → Git hosts" });
}
