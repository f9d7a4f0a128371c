import { jsonOperationRoute } from "@/lib/http/git-routes";
import { importFromGit } from "@/lib/catalog/git/import";

/** POST { modelId, source?, credentials?, expectedCommit? }: import a commit as the model's next code version. */
export const POST = jsonOperationRoute("catalog:write", "git.import", importFromGit);
