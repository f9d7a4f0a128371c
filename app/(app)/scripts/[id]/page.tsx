import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { lineDiff } from "@/lib/diff/lines";
import { findScript, scriptText } from "@/lib/catalog/scripts/queries";
import { ReadinessWarnings } from "@/lib/catalog/scripts/readiness";
import { STAGE_LABELS } from "@/lib/catalog/scripts/stages";
import { CodeView } from "@/components/catalog/scripts/code-view";
import { DiffView } from "@/components/ui/diff-view";
import { ReadinessList } from "@/components/catalog/scripts/readiness-list";
import { VersionPicker } from "@/components/catalog/scripts/version-picker";

export const metadata: Metadata = { title: "Script" };

const Params = z.object({ id: z.uuid() });
const Search = z.object({ v: z.coerce.number().int().positive().optional().catch(undefined), compare: z.coerce.number().int().positive().optional().catch(undefined) });

export default async function ScriptPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireActor("catalog:read");
  const parsed = Params.safeParse(await params);
  if (!parsed.success) notFound();
  const script = await findScript(prisma, parsed.data.id);
  if (!script || script.versions.length === 0) notFound();
  const search = Search.parse(await searchParams);
  const shown = script.versions.find((v) => v.version === search.v) ?? script.versions[0]!;
  const other = search.compare ? script.versions.find((v) => v.version === search.compare) : undefined;
  const content = await scriptText(prisma, shown.s3Uri);
  const otherContent = other ? await scriptText(prisma, other.s3Uri) : null;
  const warnings = ReadinessWarnings.catch([]).parse(shown.readiness);
  return (
    <div className="max-w-6xl space-y-5">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/models/${script.model.slug}`} className="underline">
            {script.model.displayName}
          </Link>{" "}
          · {STAGE_LABELS[script.stage]}
        </p>
        <h1 className="font-mono text-2xl font-semibold">{script.name}</h1>
        <p className="mt-1 text-xs text-slate-500">
          v{shown.version} · code version {shown.codeVersion} · {shown.sizeBytes} bytes · sha256 <span className="font-mono">{shown.sha256}</span> · {shown.uploadedBy.name} ·{" "}
          <a href={`/api/catalog/script-versions/${shown.id}/raw`} className="text-brand-700 underline">
            Download
          </a>
        </p>
      </div>
      <VersionPicker versions={script.versions.map((v) => v.version)} shown={shown.version} compare={other?.version ?? null} />
      {other && otherContent?.text != null && content.text != null ? (
        <DiffView title={`Changes from v${other.version} to v${shown.version}`} lines={lineDiff(otherContent.text, content.text)} />
      ) : content.text != null ? (
        <>
          <ReadinessList name={script.name} warnings={warnings} />
          <CodeView name={script.name} text={content.text} warnings={warnings} />
        </>
      ) : (
        <p className="text-slate-600">This is a binary or large file; it is stored but not shown.</p>
      )}
    </div>
  );
}
