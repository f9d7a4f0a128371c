import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { dashboard } from "@/lib/runs/dashboard";
import { OUTCOMES } from "@/lib/runs/status";
import { CountBars, StackedBars, TrendLine } from "@/components/dashboard/charts";
import { Panel } from "@/components/dashboard/panel";
import { ActiveRuns } from "@/components/dashboard/active-runs";
import { SlowestSteps } from "@/components/dashboard/step-table";
import { PendingApprovals } from "@/components/dashboard/pending-approvals";
import { FailureGroups } from "@/components/runs/failure-groups";
import { OUTCOME_COLOURS, STATUS_STYLE } from "@/components/runs/status-badge";

const MODEL_STATUSES = ["INVENTORIED", "CONTAINERISED", "READY", "APPROVED", "LIVE"] as const;

export default async function DashboardPage() {
  await requireActor("catalog:read");
  const data = await dashboard(prisma);
  const byModelStatus = MODEL_STATUSES.map((status) => ({ status: status.toLowerCase(), models: data.board.byStatus.find((s) => s.status === status)?.models ?? 0 }));
  const outcomes = OUTCOMES.map((o) => ({ key: o, label: STATUS_STYLE[o].label, color: OUTCOME_COLOURS[o], total: data.perDay.reduce((n, day) => n + day[o], 0) }));
  const perDay = data.perDay.map((day) => ({ ...day, day: day.day.slice(5) }));
  const totalModels = byModelStatus.reduce((a, b) => a + b.models, 0);
  return (
    <div className="max-w-7xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <p className="mt-1 text-slate-600">
          {totalModels ? `${byModelStatus.find((s) => s.status === "live")?.models ?? 0} of ${totalModels} models migrated.` : "No models yet: inventory your legacy models to start the migration."}
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Migration board: models per status">
          <CountBars data={byModelStatus} xKey="status" yKey="models" label="Models per status" />
        </Panel>
        <Panel title="Burndown: models not yet live (30 days)">
          <TrendLine data={data.board.burndown} xKey="day" yKey="remaining" label="Models not yet live per day" color="#b45309" />
        </Panel>
        <Panel title="Runs per day by outcome (14 days)" action={<Link href="/runs" className="text-sm text-brand-700 hover:underline">All runs</Link>}>
          <StackedBars data={perDay} xKey="day" series={outcomes} label="Finished runs per day by outcome, last 14 days" summary={outcomes.map((o) => `${o.label} ${o.total}`).join(", ")} />
        </Panel>
        <Panel title={`Active runs (${data.activeCount})`}>
          <ActiveRuns runs={data.active} total={data.activeCount} />
        </Panel>
        <Panel title={`Pending approvals (${data.pendingCount})`}>
          <PendingApprovals items={data.pendingApprovals} total={data.pendingCount} />
        </Panel>
        <Panel title="Slowest steps (7 days)">
          <SlowestSteps steps={data.slowest} />
        </Panel>
      </div>
      <Panel title="Top failure groups (7 days)">
        <FailureGroups groups={data.groups} canStart={false} />
      </Panel>
    </div>
  );
}
