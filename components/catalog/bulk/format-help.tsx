import { COLUMN_DOCS, EXAMPLE_CSV, LIMIT_DOCS } from "./example";

/** What the importer accepts, on the page itself, with an example to start from. */
export function BulkFormatHelp() {
  return (
    <section aria-label="File formats" className="grid gap-6 rounded-xl border border-slate-200 bg-white p-4 text-sm md:grid-cols-2">
      <div>
        <h2 className="font-semibold">Manifest columns</h2>
        <p className="mt-1 text-slate-600">
          CSV with a header row (UTF-8, a BOM is fine), or JSON: a list of objects with the same keys. A blank cell means “not given”: new models get the
          default, existing ones keep their value.
        </p>
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(EXAMPLE_CSV)}`} download="ferry-models-example.csv" className="mt-2 inline-block text-brand-600 hover:underline">
          Download an example CSV
        </a>
        <table className="mt-3 w-full text-left">
          <tbody>
            {COLUMN_DOCS.map((c) => (
              <tr key={c.column} className="border-t border-slate-100 align-top">
                <td className="py-1 pr-2 font-mono text-xs">
                  {c.column}
                  {c.required ? <span className="text-red-600"> *</span> : null}
                </td>
                <td className="py-1 text-slate-600">{c.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div>
        <h2 className="font-semibold">Zip of model folders</h2>
        <p className="mt-1 text-slate-600">
          One top-level folder per model; its name is the slug. Inside: the legacy scripts (.py, .r, .sh, .sql), <code>requirements.txt</code>, an
          optional <code>Dockerfile</code> for a custom image, and an optional <code>model.json</code> with any manifest fields (displayName, team,
          tags…). Scripts are stored under <code>ferry/code/&lt;slug&gt;/</code> in the environment’s bucket and checked for container readiness.
        </p>
        <pre className="mt-2 rounded bg-slate-50 p-2 font-mono text-xs">{"models.zip\n├── churn-scoring/\n│   ├── preprocess.py\n│   ├── predict.py\n│   ├── requirements.txt\n│   └── model.json\n└── fraud-rules/\n    ├── score.py\n    └── Dockerfile"}</pre>
        <h2 className="mt-4 font-semibold">Limits</h2>
        <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-600">
          {LIMIT_DOCS.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}
