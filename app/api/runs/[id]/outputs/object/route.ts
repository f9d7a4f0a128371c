import { download, queryRoute } from "@/lib/http/route-handler";
import { outputObjectQuery } from "@/lib/runs/outputs";

/** Streams the object from S3 (never buffered whole), as a download whatever type the job claimed. */
export const GET = queryRoute(outputObjectQuery, (object) =>
  download(object.name, object.body.transformToWebStream(), {
    "Content-Type": object.contentType,
    ...(object.size !== null ? { "Content-Length": String(object.size) } : {}),
  }),
);
