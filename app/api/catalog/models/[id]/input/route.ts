import { queryRoute, uploadRoute } from "@/lib/http/route-handler";
import { param, uploadLimits } from "@/lib/http/upload-inputs";
import { inputListQuery, uploadModelInput } from "@/lib/catalog/input-data";
import { INPUT_LIMITS } from "@/lib/catalog/input-limits";

/** GET ?prefix=&token=: one page of the model's input prefix (folders and files). */
export const GET = queryRoute(inputListQuery);

/** POST multipart `files` (and `folder`): files into the model's input prefix, embedded mode only. */
export const POST = uploadRoute({
  permission: "catalog:write",
  what: "models.input_upload",
  limits: uploadLimits({ files: INPUT_LIMITS.files, fileBytes: INPUT_LIMITS.fileBytes, totalFileBytes: INPUT_LIMITS.totalBytes }),
  input: (form, params) => ({ modelId: param(params, "id"), folder: form.fields.get("folder") ?? "", files: form.files.map((f) => new File([Buffer.from(f.bytes)], f.name)) }),
  operation: uploadModelInput,
});
