import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { ImportPipelineForm } from "@/components/pipelines/create/import-pipeline-form";

export const metadata: Metadata = { title: "Import a definition" };

export default async function ImportPipelinePage() {
  await requireActor("pipelines:write");
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-semibold">Import a definition</h1>
      <p className="text-slate-600">
        Paste or upload a Step Functions definition, such as the AWS sample. A straight chain of SageMaker Processing jobs becomes editable steps;
        anything else is kept as a raw definition that still validates and deploys.
      </p>
      <ImportPipelineForm />
    </div>
  );
}
