import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { listDeployments } from "@/lib/deployments/queries";
import { DeploymentTable } from "@/components/deployments/deployment-table";
import { DeploymentsNav } from "@/components/deployments/deployments-nav";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  await requireActor("deployments:decide");
  const rows = await listDeployments(prisma, { status: "PENDING_APPROVAL" });
  return (
    <div className="max-w-6xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Approvals</h1>
        <p className="mt-1 text-slate-600">Requests waiting for an admin, oldest first. You cannot decide your own.</p>
      </div>
      <DeploymentsNav current="approvals" canDecide canRequest pending={rows.length} />
      {rows.length ? <DeploymentTable rows={rows} label="Approval queue" /> : <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">Nothing waits for approval.</p>}
    </div>
  );
}
