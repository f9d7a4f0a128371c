import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/prisma";
import { countPendingApprovals, listDeployments } from "@/lib/deployments/queries";
import { DeploymentTable } from "@/components/deployments/deployment-table";
import { DeploymentsNav } from "@/components/deployments/deployments-nav";

export const metadata: Metadata = { title: "Deployments" };

export default async function DeploymentsPage() {
  const actor = await requireActor("catalog:read");
  const [rows, pending] = await Promise.all([listDeployments(prisma), countPendingApprovals(prisma)]);
  return (
    <div className="max-w-6xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Deployments</h1>
        <p className="mt-1 text-slate-600">A model bound to a pipeline version in an environment, live only after another admin approves the exact artifacts.</p>
      </div>
      <DeploymentsNav current="all" canDecide={can(actor, "deployments:decide")} canRequest={can(actor, "deployments:request")} pending={pending} />
      {rows.length ? (
        <DeploymentTable rows={rows} label="Deployments" />
      ) : (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          No deployments yet. Request one: choose a model, a published pipeline version and an environment; an admin approves it.
        </p>
      )}
    </div>
  );
}
