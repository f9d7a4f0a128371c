import { NextResponse } from "next/server";
import { healthReport } from "@/lib/health/checks";

export const dynamic = "force-dynamic";

/** The full report, as /api/health/ready (kept for monitors pointed here before readiness had its own path). */
export async function GET() {
  const report = await healthReport();
  return NextResponse.json(report, { status: report.status === "ok" ? 200 : 503 });
}
