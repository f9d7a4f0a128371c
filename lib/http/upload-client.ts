import type { Result } from "@/lib/commands/errors";

/**
 * Browser side of the upload routes (lib/http/route-handler.ts uploadRoute): posts multipart form data to our
 * own origin and returns the route's Result, or a failure when the network or the server gave none.
 */
export async function postUpload<Output>(url: string, form: FormData): Promise<Result<Output>> {
  try {
    const response = await fetch(url, { method: "POST", body: form, credentials: "same-origin" });
    const body: unknown = await response.json();
    if (body && typeof body === "object" && "ok" in body) return body as Result<Output>;
  } catch {
    // Falls through to the generic failure below.
  }
  return { ok: false, code: "INTERNAL", error: "The upload did not reach Ferry. Check your connection and try again." };
}
