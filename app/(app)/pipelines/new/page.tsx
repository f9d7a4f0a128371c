import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { CreatePipelineForm } from "@/components/pipelines/create/create-pipeline-form";

export const metadata: Metadata = { title: "New pipeline" };

export default async function NewPipelinePage() {
  await requireActor("pipelines:write");
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-semibold">New pipeline</h1>
      <p className="text-slate-600">It starts from the article&apos;s three steps — preprocess, inference in a custom container, postprocess — ready to edit.</p>
      <CreatePipelineForm />
    </div>
  );
}
