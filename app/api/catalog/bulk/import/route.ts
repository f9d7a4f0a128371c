import { uploadRoute } from "@/lib/http/route-handler";
import { BULK_UPLOAD } from "@/lib/http/bulk-upload";
import { importBulk } from "@/lib/catalog/bulk/run";

/** POST multipart `file` and `importId` (polled for progress): the import itself. */
export const POST = uploadRoute({ ...BULK_UPLOAD, what: "models.bulk_import", operation: importBulk });
