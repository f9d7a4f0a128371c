import { currentActor } from "@/lib/auth/session";
import { runChangeStream } from "@/lib/runs/events/stream";

export const dynamic = "force-dynamic";

/** Server-sent events: run and step changes as the catalog commits them (PostgreSQL LISTEN/NOTIFY). */
export async function GET(request: Request): Promise<Response> {
  return runChangeStream(request, await currentActor());
}
