import type { Result } from "@/lib/commands/errors";

/**
 * Browser side of the JSON routes under /api/catalog/repositories: same origin (the browser adds Origin, which
 * the routes' door checks), the route's Result back, or a failure when the network or the server gave none.
 */
export async function postJson<Output>(url: string, body: unknown, method: "POST" | "DELETE" = "POST"): Promise<Result<Output>> {
  try {
    const response = await fetch(url, { method, body: JSON.stringify(body), headers: { "Content-Type": "application/json" }, credentials: "same-origin" });
    const answer: unknown = await response.json();
    if (answer && typeof answer === "object" && "ok" in answer) return answer as Result<Output>;
  } catch {
    // Falls through to the generic failure below.
  }
  return { ok: false, code: "INTERNAL", error: "The request did not reach Ferry. Check your connection and try again." };
}
