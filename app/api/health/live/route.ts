import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/** Liveness: this process answers. It touches nothing else, so a database outage never gets app instances restarted. */
export function GET() {
  return NextResponse.json({ status: "ok", pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }, { headers: { "Cache-Control": "no-store" } });
}
