"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ImageBuildDetail } from "@/lib/catalog/images/build/queries";
import { BuildStatus, PhaseStatus } from "./build-status";
import { Findings } from "./findings";
import { LogTail } from "./log-tail";
import { StopBuild } from "./stop-build";

const POLL_MS = 2000;

/** Dates travel as strings through the route; the page renders them as given. */
type Detail = Omit<ImageBuildDetail, "createdAt" | "finishedAt" | "startedAt" | "stopRequestedAt"> & {
  createdAt: string | Date;
  finishedAt: string | Date | null;
  startedAt: string | Date | null;
  stopRequestedAt: string | Date | null;
};

async function fetchBuild(id: string): Promise<Detail> {
  const response = await fetch(`/api/catalog/image-builds/${id}`);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as Detail;
}

const when = (value: string | Date | null) => (value ? new Date(value).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium" }) : "—");

/** A build, live: its phases as CodeBuild reports them, its log from CloudWatch Logs, and what it produced or where it failed. */
export function BuildMonitor({ initial }: { initial: Detail }) {
  const { data: build } = useQuery({
    queryKey: ["image-build", initial.id],
    queryFn: () => fetchBuild(initial.id),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.done ? false : POLL_MS),
  });
  return (
    <div className="max-w-6xl space-y-6">
      <header className="space-y-1">
        <p className="text-sm text-slate-500">
          <Link href="/images" className="hover:underline">
            Images
          </Link>{" "}
          / Build
        </p>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <h1 className="flex flex-wrap items-center gap-x-3 gap-y-1 break-all font-mono text-xl font-semibold">
            {build.imageUri} <BuildStatus status={build.status} />
          </h1>
          {build.canStop && <StopBuild buildId={build.id} imageUri={build.imageUri} />}
        </div>
        <p className="text-sm text-slate-600">
          In {build.environment.name} · asked by {build.requestedBy.name} · {when(build.createdAt)} · context <span className="font-mono">{build.contextDigest.slice(0, 19)}…</span> ({build.contextFiles.join(", ")})
        </p>
      </header>

      {build.stopRequestedAt && !build.done && (
        <p role="status" className="rounded-xl border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950">
          {build.stopRequestedBy?.name ?? "Someone"} asked to stop this build at {when(build.stopRequestedAt)}; CodeBuild stops it within seconds. If this stays, no worker is running: the Admin page shows the workers&apos; health.
        </p>
      )}
      {build.status === "SUCCEEDED" && (
        <section aria-label="Built image" className="rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-950">
          <p className="font-medium">Pushed to ECR and registered as version {build.imageVersion} of the image.</p>
          <p className="mt-1">
            Digest <span data-testid="built-digest" className="break-all font-mono">{build.digest}</span>
          </p>
          <p className="mt-1">Runs use the image by this digest; an approval bound to another digest needs approving again.</p>
        </section>
      )}
      {(build.status === "FAILED" || build.status === "STOPPED") && (
        <section role="alert" aria-label="Build failed" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-950">
          <p className="font-medium">{build.status === "STOPPED" ? "The build was stopped" : `The build failed${build.failedPhase ? ` in ${build.failedPhase}` : ""}`}.</p>
          {build.failure && <p className="mt-1 whitespace-pre-wrap break-words font-mono text-xs">{build.failure}</p>}
        </section>
      )}

      <section aria-label="Phases" className="rounded-xl border border-slate-200 bg-white">
        <h2 className="border-b border-slate-200 px-4 py-2 font-medium">Phases</h2>
        {build.phases.length === 0 ? (
          <p className="px-4 py-3 text-sm text-slate-500">Waiting for CodeBuild to take the build.</p>
        ) : (
          <ol className="divide-y divide-slate-100 text-sm">
            {build.phases.map((phase) => (
              <li key={phase.phaseType} data-testid="build-phase" data-phase={phase.phaseType} data-status={phase.phaseStatus ?? "IN_PROGRESS"} className="flex flex-wrap items-baseline gap-x-4 px-4 py-1.5">
                <span className="w-40 font-mono text-xs">{phase.phaseType}</span>
                <PhaseStatus status={phase.phaseStatus} current={build.currentPhase === phase.phaseType && !build.done} />
                {phase.durationInSeconds !== null && <span className="text-slate-500">{phase.durationInSeconds} s</span>}
                {phase.message && <span className="basis-full break-words font-mono text-xs text-red-800">{phase.message}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>

      {build.findings.length > 0 && <Findings findings={build.findings} />}

      <section aria-label="Build log" className="space-y-2">
        <h2 className="font-medium">Build log</h2>
        <LogTail url={`/api/catalog/image-builds/${build.id}/log`} label="Build log" emptyText="No log yet: it appears once CodeBuild has started the build." />
      </section>
      <p className="text-xs text-slate-500">Started {when(build.startedAt)} · finished {when(build.finishedAt)}</p>
    </div>
  );
}
