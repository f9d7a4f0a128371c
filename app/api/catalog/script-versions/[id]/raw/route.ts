import { download, queryRoute } from "@/lib/http/route-handler";
import { scriptVersionBytesQuery } from "@/lib/catalog/queries";

/** The file exactly as stored (its sha256 in a header), as a download: never rendered by the browser. */
export const GET = queryRoute(scriptVersionBytesQuery, ({ name, sha256, bytes }) =>
  download(name.split("/").at(-1) ?? "script", Buffer.from(bytes), { "X-Ferry-Sha256": sha256 }),
);
