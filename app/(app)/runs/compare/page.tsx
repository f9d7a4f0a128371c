import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/ui/back-link";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { CompareIds, compareRuns } from "@/lib/runs/compare";
import { RunComparisonView } from "@/components/runs/compare/run-comparison";

export const metadata: Metadata = { title: "Compare runs" };

/** /runs/compare?ids=…&ids=…: the runs chosen on the runs list, side by side. */
export default async function CompareRunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireActor("catalog:read");
  const ids = CompareIds.safeParse((await searchParams).ids ?? []);
  const comparison = ids.success ? await compareRuns(prisma, ids.data) : null;
  return (
    <div className="max-w-7xl space-y-4">
      <div className="space-y-1">
        <BackLink href="/runs">Runs</BackLink>
        <h1 className="text-2xl font-semibold">Compare runs</h1>
      </div>
      {comparison && comparison.runs.length >= 2 ? (
        <RunComparisonView comparison={comparison} />
      ) : (
        <p role="alert" className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
          {ids.success ? "Some of these runs no longer exist." : (ids.error.issues[0]?.message ?? "Select runs to compare.")} Tick two to six runs on the{" "}
          <Link href="/runs" className="underline">
            runs list
          </Link>{" "}
          and press Compare.
        </p>
      )}
    </div>
  );
}
