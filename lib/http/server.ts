/**
 * Ferry's web server: Next.js behind a plain Node HTTP server, so one thing Next cannot know is decided at the
 * socket. Next keeps a client-sent X-Forwarded-For as it is, so without a proxy anyone could claim any address
 * and escape the per-address sign-in limit; here the header is rewritten from the peer address (trusted only
 * when the peer is in FERRY_TRUSTED_PROXIES). A request target too long to answer readably is refused here too
 * (request-target.ts). Started by scripts/next-server.ts: tsx lib/http/server.ts [--dev] --hostname H --port P
 */
import http from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { parseEnv } from "../config/env";
import { forwardedFor, trustedProxies } from "./client-address";
import { MAX_REQUEST_TARGET_BYTES, requestTargetTooLong } from "./request-target";

const { values } = parseArgs({ options: { dev: { type: "boolean", default: false }, hostname: { type: "string" }, port: { type: "string" } } });
const hostname = values.hostname ?? "127.0.0.1";
const port = Number(values.port ?? "3000");
const trusted = trustedProxies(parseEnv(process.env).FERRY_TRUSTED_PROXIES);

const app = next({ dev: values.dev, hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((request, response) => {
  if (requestTargetTooLong(request.url)) {
    response.writeHead(414, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
    response.end(`URI Too Long: Ferry serves request targets of at most ${MAX_REQUEST_TARGET_BYTES} bytes.\n`);
    return;
  }
  request.headers["x-forwarded-for"] = forwardedFor(request.socket.remoteAddress, request.headers["x-forwarded-for"], trusted);
  // A client that hangs up before sending its whole body (a refused cross-site form, a closed tab) is not a
  // server error; without a listener Node raises it as an uncaught exception.
  request.on("error", () => undefined);
  void handle(request, response);
});
if (values.dev) server.on("upgrade", app.getUpgradeHandler());
server.listen(port, hostname, () => console.log(`Ready on http://${hostname}:${port}`));

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
