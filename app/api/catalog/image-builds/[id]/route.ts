import { queryRoute } from "@/lib/http/route-handler";
import { imageBuildQuery } from "@/lib/catalog/images/build/queries";

/** GET a build: status, phases, failure and the image it produced (the build page polls it). */
export const GET = queryRoute(imageBuildQuery);
