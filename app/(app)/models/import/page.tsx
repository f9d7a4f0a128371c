import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { BulkImport } from "@/components/catalog/bulk/bulk-import";
import { BulkFormatHelp } from "@/components/catalog/bulk/format-help";
import { BackLink } from "@/components/ui/back-link";

export const metadata: Metadata = { title: "Import models" };

export default async function ImportModelsPage() {
  await requireActor("catalog:write");
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <BackLink href="/models">Models</BackLink>
        <h1 className="mt-1 text-2xl font-semibold">Import models</h1>
        <p className="mt-1 text-slate-600">
          Lift many legacy models at once: a manifest (CSV or JSON, one model per row), or a .zip with one folder per model holding its scripts. You
          see a preview first; nothing is written until you import. Importing the same file again changes nothing.
        </p>
      </div>
      <BulkImport />
      <BulkFormatHelp />
    </div>
  );
}
