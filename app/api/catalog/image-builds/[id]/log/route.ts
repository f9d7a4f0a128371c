import { queryRoute } from "@/lib/http/route-handler";
import { imageBuildLogQuery } from "@/lib/catalog/images/build/queries";

/** GET `?offset=<token>`: the build's log from CloudWatch Logs, from that position on. */
export const GET = queryRoute(imageBuildLogQuery);
