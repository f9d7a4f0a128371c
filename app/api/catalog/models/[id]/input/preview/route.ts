import { queryRoute } from "@/lib/http/route-handler";
import { inputPreviewQuery } from "@/lib/catalog/input-data";

/** GET ?key=&offset=: one page of a CSV in the model's input prefix. */
export const GET = queryRoute(inputPreviewQuery);
