import { uploadRoute } from "@/lib/http/route-handler";
import { uploadedFiles, uploadLimits } from "@/lib/http/upload-inputs";
import { SCRIPT_LIMITS } from "@/lib/catalog/scripts/file-names";
import { requestImageBuild } from "@/lib/catalog/images/build/request";

/** Empty form fields are absent, as the operation's optional inputs expect. */
const field = (fields: Map<string, string>, name: string) => fields.get(name) || undefined;

/**
 * POST multipart: `repository`, `tag`, optionally `environmentId`, and the context: `files` (a build context:
 * Dockerfile and what it copies), or `fromBuildId` / `fromImageId` (a context Ferry already holds).
 */
export const POST = uploadRoute({
  permission: "catalog:write",
  what: "images.request_build",
  limits: uploadLimits({ files: SCRIPT_LIMITS.maxFiles, fileBytes: SCRIPT_LIMITS.maxFileBytes, totalFileBytes: SCRIPT_LIMITS.maxTotalBytes, fields: 6 }),
  input: (form) => {
    const files = uploadedFiles(form);
    return {
      repository: form.fields.get("repository") ?? "",
      tag: form.fields.get("tag") ?? "",
      environmentId: field(form.fields, "environmentId"),
      fromBuildId: field(form.fields, "fromBuildId"),
      fromImageId: field(form.fields, "fromImageId"),
      files: files.length > 0 ? files : undefined,
    };
  },
  operation: requestImageBuild,
});
