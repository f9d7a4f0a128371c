import { BULK_LIMITS } from "@/lib/catalog/bulk/limits";
import { asFormData, uploadLimits } from "./upload-inputs";

/** The bulk lift's routes (preview, import) take one file of up to 50 MB and an optional importId. */
export const BULK_UPLOAD = {
  permission: "catalog:write",
  limits: uploadLimits({ files: 1, fileBytes: BULK_LIMITS.zipBytes, totalFileBytes: BULK_LIMITS.zipBytes }),
  input: asFormData,
} as const;
