import { z } from "zod";
import { nameField } from "@/lib/validation/fields";

export const TOKEN_SCOPES = ["READ", "ROLES"] as const;
export const MAX_TOKEN_DAYS = 365;

export const CreateTokenInput = z.object({
  name: nameField("Token name", 80),
  /** READ: GET requests only. ROLES: what the user's roles allow (at most the roles they have at each call). */
  scope: z.enum(TOKEN_SCOPES, { error: "Scope must be READ or ROLES" }),
  expiresInDays: z.coerce
    .number({ error: "Expiry must be a number of days" })
    .int("Expiry is whole days")
    .min(1, "A token lives at least 1 day")
    .max(MAX_TOKEN_DAYS, `A token lives at most ${MAX_TOKEN_DAYS} days`),
});

export const TokenIdInput = z.object({ tokenId: z.uuid("Token must be a valid id") });
