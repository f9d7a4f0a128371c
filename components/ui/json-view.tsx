/** Read-only pretty JSON (generated definitions, schemas, diffs' sources). */
export function JsonView({ label, value }: { label: string; value: unknown }) {
  return (
    <pre aria-label={label} tabIndex={0} className="max-h-[600px] overflow-auto rounded-lg border border-slate-200 bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
