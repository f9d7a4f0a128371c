import { createAuthClient } from "better-auth/react";

/** Browser side of better-auth: same-origin /api/auth. */
export const authClient = createAuthClient();
