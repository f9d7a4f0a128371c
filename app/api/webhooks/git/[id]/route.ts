import { webhookRoute } from "@/lib/http/git-routes";

/** POST from GitHub or GitLab (push events, JSON): signed with the repository's secret; proposes the pushed commit. */
export const POST = webhookRoute();
