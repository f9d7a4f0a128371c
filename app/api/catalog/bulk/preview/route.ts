import { uploadRoute } from "@/lib/http/route-handler";
import { BULK_UPLOAD } from "@/lib/http/bulk-upload";
import { previewBulk } from "@/lib/catalog/bulk/run";

/** POST multipart `file` (a manifest or a zip): what an import would do, changing nothing. */
export const POST = uploadRoute({ ...BULK_UPLOAD, what: "models.bulk_preview", operation: previewBulk });
