import { z } from "zod";

// Next.js runs this before any other browser code. Zod's fast path probes `new Function("")`; under the
// nonce-based CSP (proxy.ts) the caught probe still fires a securitypolicyviolation on every page that
// builds a schema. Jitless parsing is the same result without the probe; the server keeps the fast path.
z.config({ jitless: true });
