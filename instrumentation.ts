/** Next.js calls this once at server start: refuse to serve with a bad configuration. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/config/env");
  env();
}
