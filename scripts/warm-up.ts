/**
 * What a first visitor needs, loaded before `npm start` says it is ready: a production Next server loads each
 * route's code on its first request, and the first sign-in also paid for the auth route, the session check and
 * the database pool (about 2.4 s on a cold start). Plain GETs: nothing is signed in, nothing counted.
 */
const PATHS = ["/sign-in", "/api/auth/get-session", "/api/health/live", "/api/health/ready", "/"];

export async function warmUp(base: string, log: (message: string) => void): Promise<void> {
  const started = performance.now();
  for (const path of PATHS) {
    await fetch(`${base}${path}`, { redirect: "manual", signal: AbortSignal.timeout(30_000) })
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
  }
  log(`warmed up the first pages in ${Math.round(performance.now() - started)} ms`);
}
