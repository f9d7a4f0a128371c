import { queryRoute } from "@/lib/http/route-handler";
import { runEventsQuery } from "@/lib/runs/detail";

/** GET: the run's execution history (every event with its state, time, input, output and error). */
export const GET = queryRoute(runEventsQuery);
