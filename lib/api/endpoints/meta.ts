import { requireSignedIn } from "@/lib/commands/command";
import { defineEndpoint } from "../endpoint";
import { respond } from "../respond";
import { Problem } from "../problem";
import { Me } from "../schemas";

export const PROBLEM = { description: "A problem (RFC 9457)", schema: Problem, contentType: "application/problem+json" } as const;

export const getMe = defineEndpoint({
  method: "GET",
  path: "/me",
  operationId: "getMe",
  tag: "Meta",
  summary: "Who this call is made as",
  description: "The user behind the token (or the signed-in browser), with the roles this call may use. `ferry login` checks a token with it.",
  responses: { 200: { description: "The caller", schema: Me }, 401: PROBLEM },
  handle: async ({ caller }) => {
    requireSignedIn(caller.actor);
    const { id, email, name, roles } = caller.actor;
    return respond(Me, { id, email, name, roles, token: caller.token ? { id: caller.token.tokenId, readOnly: caller.token.readOnly } : null });
  },
});
