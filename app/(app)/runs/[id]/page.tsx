import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/prisma";
import { getRun, runInputEdits } from "@/lib/runs/detail";
import { PipelineDraft } from "@/lib/pipelines/draft";
import { RunMonitor } from "@/components/runs/run-monitor";
import { toView } from "@/components/runs/types";

export const metadata: Metadata = { title: "Run" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RunPage({ params, searchParams }: Props) {
  const actor = await requireActor("catalog:read");
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const run = await getRun(prisma, id.data);
  if (!run) notFound();
  const draft = PipelineDraft.safeParse(run.pipelineVersion.spec);
  const spec = draft.success && draft.data.kind === "spec" ? draft.data.spec : null;
  const step = (await searchParams).step;
  const edits = await runInputEdits(prisma, run);
  return <RunMonitor initial={toView(run)} spec={spec} canStart={can(actor, "runs:start")} initialStep={typeof step === "string" ? step : undefined} edits={edits} />;
}
