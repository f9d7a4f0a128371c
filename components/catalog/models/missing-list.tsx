/** What the model still needs before a pipeline can run it, or a confirmation that nothing is missing. */
export function MissingList({ missing }: { missing: string[] }) {
  if (missing.length === 0) {
    return <p className="rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-800">Nothing is missing: this model can run.</p>;
  }
  return (
    <div className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" aria-label="Missing before it can run">
      <p className="font-medium">Before it can run</p>
      <ul className="mt-1 list-disc pl-5">
        {missing.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
