"use client";

import { useState, type FormEvent } from "react";

/**
 * Calls a GET operation from the page with the browser's own session (a sign-in cookie may read /api/v1, never
 * change anything) and shows the answer: the same JSON a token gets.
 */
export function TryIt({ path, params, query }: { path: string; params: string[]; query: string[] }) {
  const [answer, setAnswer] = useState<{ status: number; body: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const filled = params.reduce((url, name) => url.replace(`{${name}}`, encodeURIComponent(String(data.get(`path.${name}`) ?? ""))), path);
    const search = new URLSearchParams(query.flatMap((name) => (data.get(`query.${name}`) ? [[name, String(data.get(`query.${name}`))]] : [])));
    setBusy(true);
    try {
      const response = await fetch(`${filled}${search.size ? `?${search}` : ""}`, { credentials: "same-origin", headers: { Accept: "application/json" } });
      const text = await response.text();
      let pretty = text;
      try {
        pretty = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // Not JSON (a download): shown as it came.
      }
      setAnswer({ status: response.status, body: pretty.slice(0, 20_000) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} aria-label={`Try GET ${path}`} className="space-y-2 rounded-md bg-slate-50 p-2">
      <div className="flex flex-wrap gap-2">
        {params.map((name) => (
          <label key={name} className="text-xs">
            {name}
            <input name={`path.${name}`} required className="ml-1 rounded border border-slate-300 px-1 py-0.5" />
          </label>
        ))}
        {query.map((name) => (
          <label key={name} className="text-xs">
            {name}
            <input name={`query.${name}`} className="ml-1 w-28 rounded border border-slate-300 px-1 py-0.5" />
          </label>
        ))}
        <button type="submit" disabled={busy} className="rounded-md bg-brand-600 px-2 py-0.5 text-xs font-medium text-white disabled:opacity-60">
          {busy ? "Calling…" : "Try it"}
        </button>
      </div>
      {answer && (
        <pre tabIndex={0} aria-label="Answer" className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-white p-2 text-xs">
          {`HTTP ${answer.status}\n${answer.body}`}
        </pre>
      )}
    </form>
  );
}
