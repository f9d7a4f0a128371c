import { queryRoute } from "@/lib/http/route-handler";
import { outputObjectQuery } from "@/lib/runs/read-queries";

/** Streams the object from S3 (never buffered whole), named so browsers save it. */
export const GET = queryRoute(outputObjectQuery, (object) => {
  const headers = new Headers({
    "Content-Type": object.contentType,
    "Content-Disposition": `attachment; filename="${object.name.replace(/[^\w.-]/g, "_")}"`,
  });
  if (object.size !== null) headers.set("Content-Length", String(object.size));
  return new Response(object.body.transformToWebStream(), { headers });
});
