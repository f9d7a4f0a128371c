import { uploadRoute } from "@/lib/http/route-handler";
import { BULK_UPLOAD } from "@/lib/http/bulk-upload";
import { queueBulkImport } from "@/lib/catalog/bulk/run";

/** POST multipart `file` and `importId`: the checked upload is queued for a worker; the page polls its progress and summary. */
export const POST = uploadRoute({ ...BULK_UPLOAD, what: "models.bulk_import", operation: queueBulkImport });
