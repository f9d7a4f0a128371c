import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/prisma";
import { listPipelines } from "@/lib/pipelines/queries";
import { PipelineTable } from "@/components/pipelines/list/pipeline-table";
import { PipelineActionsBar } from "@/components/pipelines/list/pipeline-actions-bar";
import { EmptyPipelines } from "@/components/pipelines/list/empty-pipelines";

export const metadata: Metadata = { title: "Pipelines" };

export default async function PipelinesPage() {
  const actor = await requireActor("catalog:read");
  const pipelines = await listPipelines(prisma);
  const canWrite = can(actor, "pipelines:write");
  return (
    <div className="max-w-6xl space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Pipelines</h1>
          <p className="mt-1 text-slate-600">Step Functions state machines of SageMaker Processing jobs, versioned and deployable.</p>
        </div>
        {canWrite && <PipelineActionsBar />}
      </div>
      {pipelines.length ? <PipelineTable pipelines={pipelines} /> : <EmptyPipelines canWrite={canWrite} />}
    </div>
  );
}
