import Link from "next/link";

/** From a runs list narrowed to a model or a pipeline, the same runs as a grid of runs × steps. */
export function GridLinks({ modelId, pipelineId }: { modelId?: string; pipelineId?: string }) {
  const scopes: { label: string; query: Record<string, string> }[] = [
    ...(modelId ? [{ label: "Grid view of this model's runs", query: { modelId } }] : []),
    ...(pipelineId ? [{ label: "Grid view of this pipeline's runs", query: { pipelineId } }] : []),
  ];
  if (scopes.length === 0) return <p className="text-sm text-slate-600">Filter by a model or a pipeline to see its runs as a grid of runs × steps.</p>;
  return (
    <p className="flex flex-wrap gap-4 text-sm">
      {scopes.map((scope) => (
        <Link key={scope.label} href={`/runs/grid?${new URLSearchParams(scope.query)}`} className="text-brand-700 hover:underline">
          {scope.label} →
        </Link>
      ))}
    </p>
  );
}
