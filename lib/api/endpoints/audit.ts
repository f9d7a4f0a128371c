import { authorize, invalidInput } from "@/lib/commands/command";
import { AuditFilters, listAuditEvents } from "@/lib/audit/trail";
import { defineEndpoint } from "../endpoint";
import { nextLink, respond } from "../respond";
import { AuditEvent, Page } from "../schemas";
import { PROBLEM } from "./meta";

const AuditPage = Page(AuditEvent, "AuditPage");

export const listAudit = defineEndpoint({
  method: "GET",
  path: "/audit",
  operationId: "listAuditEvents",
  tag: "Audit",
  summary: "The audit trail, newest first (admins); `before` is the cursor",
  query: AuditFilters,
  responses: { 200: { description: "100 events at most", schema: AuditPage }, 401: PROBLEM, 403: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "audit:read", "audit.list");
    const filters = AuditFilters.safeParse(ctx.query);
    if (!filters.success) throw invalidInput(filters.error);
    const page = await listAuditEvents(ctx.db, filters.data);
    return respond(AuditPage, { data: page.rows, next: page.nextBefore }, { headers: nextLink(ctx.request, "before", page.nextBefore) });
  },
});
