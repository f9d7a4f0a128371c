import { uploadRoute } from "@/lib/http/route-handler";
import { param, uploadedFiles, uploadLimits } from "@/lib/http/upload-inputs";
import { SCRIPT_LIMITS } from "@/lib/catalog/scripts/file-names";
import { uploadScripts } from "@/lib/catalog/scripts/upload";

/** POST multipart `files` (each named by its relative path): the model's next code version. */
export const POST = uploadRoute({
  permission: "catalog:write",
  what: "scripts.upload",
  limits: uploadLimits({ files: SCRIPT_LIMITS.maxFiles, fileBytes: SCRIPT_LIMITS.maxFileBytes, totalFileBytes: SCRIPT_LIMITS.maxTotalBytes }),
  input: (form, params) => ({ modelId: param(params, "id"), files: uploadedFiles(form) }),
  operation: uploadScripts,
});
