import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/ui/back-link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { gridSubject, runGrid } from "@/lib/runs/grid";
import { RunGridView } from "@/components/runs/grid/run-grid";

export const metadata: Metadata = { title: "Run grid" };

const Scope = z.union([z.object({ modelId: z.uuid() }), z.object({ pipelineId: z.uuid() })]);

/** /runs/grid?modelId=… or ?pipelineId=…: the last runs × their steps, as Airflow's grid view. */
export default async function RunGridPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireActor("catalog:read");
  const scope = Scope.safeParse(await searchParams);
  if (!scope.success) notFound();
  const subject = await gridSubject(prisma, scope.data);
  if (!subject) notFound();
  const grid = await runGrid(prisma, scope.data);
  return (
    <div className="max-w-7xl space-y-4">
      <div className="space-y-1">
        <BackLink href="/runs">Runs</BackLink>
        <h1 className="text-2xl font-semibold">Run grid: {subject.name}</h1>
        <p className="mt-1 text-slate-600">
          {grid.runs.length === 1 ? "The last run" : `The last ${grid.runs.length} runs`} of this {subject.kind}, oldest on the left; each square is a step in a run. Open one to see that step.
        </p>
      </div>
      <RunGridView grid={grid} label={`Runs and steps of ${subject.name}`} />
      <Link href={`/runs?${new URLSearchParams(scope.data)}`} className="text-sm text-brand-700 hover:underline">
        The same runs as a list →
      </Link>
    </div>
  );
}
