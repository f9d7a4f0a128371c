import Link from "next/link";
import type { RunGrid } from "@/lib/runs/grid";
import { RunGridView } from "./run-grid";

/** A model's last runs × steps on its page, with the way to the full grid. */
export function ModelRunGrid({ modelId, slug, grid }: { modelId: string; slug: string; grid: RunGrid }) {
  if (grid.runs.length === 0) return null;
  return (
    <section aria-label="Run grid" className="space-y-2 rounded-xl border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-medium">Runs × steps</h2>
        <Link href={`/runs/grid?${new URLSearchParams({ modelId })}`} className="text-sm text-brand-700 hover:underline">
          Full grid →
        </Link>
      </div>
      <RunGridView grid={grid} label={`Last runs of ${slug} by step`} />
    </section>
  );
}
