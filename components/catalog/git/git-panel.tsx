"use client";

import { useState } from "react";
import type { RepositoryView } from "@/lib/catalog/git/queries";
import type { ImportOutcome } from "./actions";
import { ChangesPanel } from "./changes-panel";
import { CommitRef } from "./commit-ref";
import { ImportForm } from "./import-form";

/** The webhook's secret, shown once right after the repository was connected: it is stored encrypted and never shown again. */
function WebhookSecret({ secret, path }: { secret: string; path: string }) {
  const url = `${window.location.origin}${path}`;
  return (
    <div role="status" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
      <p className="font-medium">Webhook for pushes (copy the secret now: Ferry will not show it again)</p>
      <p>
        Payload URL <code className="break-all">{url}</code>, content type <code>application/json</code>, push events.
      </p>
      <p>
        Secret <code className="break-all" data-testid="webhook-secret">{secret}</code>
      </p>
    </div>
  );
}

/** A model's link to its Git repository: what is connected, a pending push, check for changes, import. */
export function GitPanel({ modelId, repository, canImport }: { modelId: string; repository: RepositoryView | null; canImport: boolean }) {
  const [secret, setSecret] = useState<string | null>(null);
  const onImported = (outcome: ImportOutcome) => setSecret(outcome.webhookSecret);
  return (
    <section aria-labelledby="git-heading" className="space-y-3">
      <h3 id="git-heading" className="text-base font-semibold">
        Git repository
      </h3>
      {repository ? (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">Repository</dt>
          <dd className="break-all font-mono text-xs">{repository.url}</dd>
          <dt className="text-slate-600">Ref</dt>
          <dd>
            {repository.ref}
            {repository.subfolder && <> · folder <span className="font-mono text-xs">{repository.subfolder}</span></>}
          </dd>
          <dt className="text-slate-600">Imported commit</dt>
          <dd>{repository.pinnedCommit ? <CommitRef url={repository.url} sha={repository.pinnedCommit} /> : "none yet"}</dd>
          <dt className="text-slate-600">Token</dt>
          <dd>{repository.hasToken ? "stored (encrypted)" : "none (public repository)"}</dd>
        </dl>
      ) : (
        <p className="text-sm text-slate-600">Not connected: import the legacy code from its repository instead of uploading it.</p>
      )}
      {repository?.proposedCommit && (
        <p role="status" className="rounded-md border border-sky-300 bg-sky-50 p-2 text-sm">
          New version available: a push proposed <CommitRef url={repository.url} sha={repository.proposedCommit} />. Check for changes to review and import it.
        </p>
      )}
      {secret && repository && <WebhookSecret secret={secret} path={repository.webhookPath} />}
      {canImport && repository && <ChangesPanel modelId={modelId} url={repository.url} />}
      {canImport && (
        <details className="text-sm" open={!repository}>
          <summary className="cursor-pointer font-medium">{repository ? "Change the repository or import another ref" : "Import from Git"}</summary>
          <div className="mt-3">
            <ImportForm modelId={modelId} repository={repository} onImported={onImported} />
          </div>
        </details>
      )}
    </section>
  );
}
