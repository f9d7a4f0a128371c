import { queryRoute } from "@/lib/http/route-handler";
import { scriptVersionBytesQuery } from "@/lib/catalog/queries";

/** The file exactly as stored (its sha256 in a header), as a download: never rendered by the browser. */
export const GET = queryRoute(scriptVersionBytesQuery, ({ name, sha256, bytes }) => {
  const filename = (name.split("/").at(-1) ?? "script").replace(/[^\w.-]/g, "_");
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "X-Content-Type-Options": "nosniff",
      "X-Ferry-Sha256": sha256,
    },
  });
});
