import { jsonOperationRoute } from "@/lib/http/git-routes";
import { checkForChanges } from "@/lib/catalog/git/changes";

/** POST { modelId }: the diff from the pinned commit to the ref's head. POST, since it makes Ferry fetch with the stored token. */
export const POST = jsonOperationRoute("catalog:write", "git.check", checkForChanges);
