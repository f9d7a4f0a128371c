"use client";

import type { FormEvent } from "react";
import { useAction } from "@/components/ui/use-action";
import type { RepositoryView } from "@/lib/catalog/git/queries";
import { importFromGitRoute, type ImportOutcome } from "./actions";

const field = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";
const STAGE_FIELDS = [
  ["preprocess", "Preprocess script", "preprocess.py"],
  ["inference", "Inference script", "predict.py"],
  ["postprocess", "Postprocess script", "postprocess.py"],
  ["requirements", "Requirements file", "requirements.txt"],
] as const;

function text(form: FormData, name: string): string {
  return String(form.get(name) ?? "").trim();
}

/** The form's values as the import route takes them; an empty token keeps the stored one (for the same host). */
function inputOf(modelId: string, form: FormData) {
  const token = text(form, "credentials.token");
  return {
    modelId,
    source: {
      url: text(form, "source.url"),
      ref: text(form, "source.ref"),
      subfolder: text(form, "source.subfolder"),
      stages: Object.fromEntries(STAGE_FIELDS.map(([key]) => [key, text(form, `source.stages.${key}`) || null])),
    },
    ...(token ? { credentials: { username: text(form, "credentials.username") || undefined, token } } : {}),
  };
}

/** Import from Git: URL, ref, sub-folder, which files play which stage, and an optional HTTPS token (write-only). */
export function ImportForm({ modelId, repository, onImported }: { modelId: string; repository: RepositoryView | null; onImported: (outcome: ImportOutcome) => void }) {
  const { run, pending } = useAction(importFromGitRoute);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const result = await run(inputOf(modelId, new FormData(form)), (r) => (r.unchanged ? `Commit ${r.commit.slice(0, 12)} holds the same files as code version ${r.codeVersion}` : `Imported commit ${r.commit.slice(0, 12)} as code version ${r.codeVersion}`), { form });
    if (result.ok) {
      // The token is write-only: it leaves the page once sent.
      const token = form.elements.namedItem("credentials.token");
      if (token instanceof HTMLInputElement) token.value = "";
      onImported(result.data);
    }
  }

  return (
    <form onSubmit={onSubmit} aria-label="Import from Git" className="grid gap-3 sm:grid-cols-2">
      <label className="text-sm sm:col-span-2">
        Repository URL
        <input name="source.url" type="url" required defaultValue={repository?.url} placeholder="https://github.com/team/legacy-models.git" className={field} />
      </label>
      <label className="text-sm">
        Branch, tag or commit
        <input name="source.ref" required defaultValue={repository?.ref ?? "main"} className={field} />
      </label>
      <label className="text-sm">
        Sub-folder (optional)
        <input name="source.subfolder" defaultValue={repository?.subfolder} placeholder="models/churn" className={field} />
      </label>
      <fieldset className="grid gap-3 sm:col-span-2 sm:grid-cols-2">
        <legend className="text-sm font-medium">Files, relative to the sub-folder (optional: names like preprocess.py are recognised)</legend>
        {STAGE_FIELDS.map(([key, label, placeholder]) => (
          <label key={key} className="text-sm">
            {label}
            <input name={`source.stages.${key}`} defaultValue={repository?.stages[key] ?? ""} placeholder={placeholder} className={field} />
          </label>
        ))}
      </fieldset>
      <fieldset className="grid gap-3 sm:col-span-2 sm:grid-cols-2">
        <legend className="text-sm font-medium">
          HTTPS token for a private repository {repository?.hasToken ? "(one is stored; leave empty to keep it)" : "(optional)"}
        </legend>
        <label className="text-sm">
          User name
          <input name="credentials.username" autoComplete="off" placeholder="x-access-token" className={field} />
        </label>
        <label className="text-sm">
          Token (stored encrypted, never shown again)
          <input name="credentials.token" type="password" autoComplete="new-password" className={field} />
        </label>
      </fieldset>
      <div className="sm:col-span-2">
        <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60">
          {pending ? "Fetching and importing…" : "Import"}
        </button>
      </div>
    </form>
  );
}
