import type { Metadata } from "next";
import { AdminSubnav } from "@/components/environments/admin-subnav";
import { WorkerTable } from "@/components/admin/worker-table";
import { HealthPanel } from "@/components/admin/health-panel";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { healthReport } from "@/lib/health/checks";
import { listWorkers } from "@/lib/health/workers";

export const metadata: Metadata = { title: "Workers" };

export default async function WorkersPage() {
  await requireActor("users:manage");
  const [workers, health] = await Promise.all([listWorkers(prisma), healthReport()]);
  return (
    <div className="max-w-6xl space-y-6">
      <AdminSubnav current="/admin/workers" />
      <div>
        <h1 className="text-2xl font-semibold">Workers</h1>
        <p className="mt-1 text-slate-600">The processes that follow runs in AWS and carry out queued work, with their heartbeats and last errors.</p>
      </div>
      <HealthPanel report={health} />
      <WorkerTable workers={workers} />
    </div>
  );
}
