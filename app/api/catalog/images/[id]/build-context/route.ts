import { uploadRoute } from "@/lib/http/route-handler";
import { param, uploadedFiles, uploadLimits } from "@/lib/http/upload-inputs";
import { SCRIPT_LIMITS } from "@/lib/catalog/scripts/file-names";
import { uploadBuildContext } from "@/lib/catalog/images/operations";

/** POST multipart `files`: a custom image's build context (Dockerfile and what it copies). */
export const POST = uploadRoute({
  permission: "catalog:write",
  what: "images.upload_context",
  limits: uploadLimits({ files: SCRIPT_LIMITS.maxFiles, fileBytes: SCRIPT_LIMITS.maxFileBytes, totalFileBytes: SCRIPT_LIMITS.maxTotalBytes }),
  input: (form, params) => ({ imageId: param(params, "id"), files: uploadedFiles(form) }),
  operation: uploadBuildContext,
});
