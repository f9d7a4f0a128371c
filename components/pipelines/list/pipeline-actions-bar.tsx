import Link from "next/link";

/** New and Import, for those who may write pipelines. */
export function PipelineActionsBar() {
  return (
    <div className="flex gap-2">
      <Link href="/pipelines/new" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
        New pipeline
      </Link>
      <Link href="/pipelines/import" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
        Import a definition
      </Link>
    </div>
  );
}
