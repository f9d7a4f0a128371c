import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { idField } from "@/lib/validation/fields";
import { prisma } from "@/lib/db/prisma";
import { findPipeline, listEnvironments } from "@/lib/pipelines/queries";
import { PipelineEditor } from "@/components/pipelines/editor/pipeline-editor";
import { VersionsPanel } from "@/components/pipelines/versions/versions-panel";
import { draftForEditor } from "@/components/pipelines/editor/draft-for-editor";
import { BackLink } from "@/components/ui/back-link";

export const metadata: Metadata = { title: "Pipeline" };

export default async function PipelinePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor("catalog:read");
  const id = idField().safeParse((await params).id);
  const pipeline = id.success ? await findPipeline(prisma, id.data) : null;
  if (!pipeline) notFound();
  const canEdit = can(actor, "pipelines:write");
  const environments = canEdit ? await listEnvironments(prisma) : [];
  return (
    <div className="space-y-8">
      <div>
        <BackLink href="/pipelines">Pipelines</BackLink>
        <h1 className="mt-1 font-mono text-2xl font-semibold">{pipeline.name}</h1>
        <p className="text-sm text-slate-600">Owned by {pipeline.owner.name}</p>
      </div>
      <PipelineEditor pipelineId={pipeline.id} name={pipeline.name} initialDraft={draftForEditor(pipeline)} canEdit={canEdit} />
      <VersionsPanel pipelineId={pipeline.id} versions={pipeline.versions} environments={environments} canDeploy={canEdit} />
    </div>
  );
}
