import { NextResponse } from "next/server";
import { healthReport } from "@/lib/health/checks";

export const dynamic = "force-dynamic";

/** Readiness for a load balancer: 200 "ok", or 503 "degraded" with its reasons (lib/health/checks.ts). */
export async function GET() {
  const report = await healthReport();
  return NextResponse.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
