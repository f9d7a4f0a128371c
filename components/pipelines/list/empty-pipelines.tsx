/** No pipelines yet: says where to start, and who can. */
export function EmptyPipelines({ canWrite }: { canWrite: boolean }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
      <p className="font-medium">No pipelines yet — start from the article&apos;s three steps or import a definition.</p>
      <p className="mt-1 text-sm text-slate-600">
        {canWrite
          ? "A new pipeline starts with preprocess (script mode), inference (custom container) and postprocess steps you can edit."
          : "MLOps engineers build pipelines; ask one to create the pipeline your models need."}
      </p>
    </div>
  );
}
