import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/prisma";
import { listRecentScripts } from "@/lib/catalog/scripts/queries";
import { uploadTargets } from "@/lib/catalog/models/queries";
import { RecentScripts } from "@/components/catalog/scripts/recent-scripts";
import { ScriptUpload } from "@/components/catalog/scripts/script-upload";
import { ModelPicker } from "@/components/catalog/scripts/model-picker";
import { slugField } from "@/lib/catalog/models/fields";

export const metadata: Metadata = { title: "Scripts" };

export default async function ScriptsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("catalog:read");
  const canWrite = can(actor, "catalog:write");
  const wanted = slugField.safeParse((await searchParams).model);
  const [rows, { recent, chosen }] = await Promise.all([
    listRecentScripts(prisma),
    canWrite ? uploadTargets(prisma, wanted.success ? wanted.data : null) : { recent: [], chosen: null },
  ]);
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Scripts</h1>
        <p className="mt-1 text-slate-600">Legacy scripts by model, versioned by sha256 and stored under s3://…/ferry/code/&lt;model&gt;/&lt;version&gt;/.</p>
      </div>
      <RecentScripts rows={rows} />
      {canWrite && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">Upload</h2>
          {recent.length === 0 ? (
            <p className="text-slate-600">Create a model first; scripts belong to a model.</p>
          ) : (
            <>
              <ModelPicker value={chosen?.slug ?? ""} recent={recent} />
              {chosen ? (
                <ScriptUpload key={chosen.id} modelId={chosen.id} />
              ) : (
                <p className="text-sm text-slate-500">{wanted.success ? "No model has that name." : "Choose a model: its files are stored under its code prefix."}</p>
              )}
            </>
          )}
        </section>
      )}
    </div>
  );
}
