import Link from "next/link";
import type { BulkImportSummary } from "@/lib/catalog/bulk/command";

export function ImportSummary({ summary }: { summary: BulkImportSummary }) {
  const nothing = summary.created.length === 0 && summary.updated.length === 0;
  return (
    <section aria-label="Import summary" className="space-y-2 rounded-xl border border-green-200 bg-green-50 p-4 text-sm">
      <h2 className="font-semibold" data-testid="bulk-summary">
        {nothing
          ? `Nothing changed: all ${summary.unchanged} models already match.`
          : `Imported: ${summary.created.length} created, ${summary.updated.length} updated, ${summary.unchanged} unchanged.`}
      </h2>
      {summary.updated.length > 0 ? (
        <ul className="list-disc pl-5">
          {summary.updated.slice(0, 50).map((u) => (
            <li key={u.slug}>
              <span className="font-mono">{u.slug}</span>: {u.changes.join(", ")}
            </li>
          ))}
        </ul>
      ) : null}
      {summary.git && summary.git.length > 0 ? (
        <ul aria-label="Code from Git" className="list-disc pl-5">
          {summary.git.map((g) => (
            <li key={g.slug}>
              <span className="font-mono">{g.slug}</span>: {g.error ? `not imported from Git: ${g.error}` : `commit ${g.commit?.slice(0, 12)} is code version ${g.codeVersion}`}
            </li>
          ))}
        </ul>
      ) : null}
      <Link href="/models" className="inline-block text-brand-600 hover:underline">
        Go to the models
      </Link>
    </section>
  );
}
