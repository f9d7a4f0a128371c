import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireActor } from "@/lib/auth/session";
import { idField } from "@/lib/validation/fields";
import { prisma } from "@/lib/db/prisma";
import { compareVersions } from "@/lib/pipelines/queries";
import { DiffView } from "@/components/ui/diff-view";
import { BackLink } from "@/components/ui/back-link";

export const metadata: Metadata = { title: "Compare versions" };

const CompareParams = z.object({ id: idField(), from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ComparePage({ params, searchParams }: Props) {
  await requireActor("catalog:read");
  const parsed = CompareParams.safeParse({ ...(await searchParams), ...(await params) });
  if (!parsed.success) notFound();
  const { id, from, to } = parsed.data;
  const diff = await compareVersions(prisma, id, from, to);
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <BackLink href={`/pipelines/${id}`}>Back to the pipeline</BackLink>
        <h1 className="mt-1 text-2xl font-semibold">
          v{from} → v{to}
        </h1>
      </div>
      {diff ? (
        <>
          <DiffView title="Spec diff" lines={diff.spec} />
          <DiffView title="Definition diff" lines={diff.definition} />
        </>
      ) : (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-slate-600">
          This pipeline has no version {from} or no version {to}. Pick two published versions in the pipeline&apos;s Versions panel.
        </p>
      )}
    </div>
  );
}
