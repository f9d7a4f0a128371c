/**
 * Cross-site request forgery guard for every state-changing request. Browsers on another localhost port are
 * another origin but the same *site*, so the SameSite=Lax session cookie travels with their POSTs: only the
 * origin proves a request came from Ferry's own pages. Modern browsers send `Origin` on every POST; when it is
 * absent, `Sec-Fetch-Site` (also set by the browser, not by page scripts) must say `same-origin`.
 */
export function crossOriginRefusal(headers: Headers, expectedOrigin: string): string | null {
  const origin = headers.get("origin");
  if (origin !== null) {
    return origin === expectedOrigin ? null : "This request came from another site and was refused. Use Ferry's own pages.";
  }
  const site = headers.get("sec-fetch-site");
  if (site === "same-origin") return null;
  return site === null
    ? `This request carries no Origin header and was refused. Send Origin: ${expectedOrigin} with it.`
    : "This request came from another site and was refused. Use Ferry's own pages.";
}

/** The origin (scheme://host:port) of a base URL, the only one Ferry's pages are served from. */
export function originOf(baseUrl: string): string {
  return new URL(baseUrl).origin;
}
