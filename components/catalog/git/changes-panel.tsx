"use client";

import { useState } from "react";
import { DiffView } from "@/components/ui/diff-view";
import { useAction } from "@/components/ui/use-action";
import { checkForChangesRoute, importFromGitRoute, type ChangesOutcome } from "./actions";
import { CommitRef } from "./commit-ref";

/** "Check for changes": what the ref's head would change against the pinned commit, and importing exactly that head. */
export function ChangesPanel({ modelId, url }: { modelId: string; url: string }) {
  const [changes, setChanges] = useState<ChangesOutcome | null>(null);
  const check = useAction(checkForChangesRoute);
  const importer = useAction(importFromGitRoute);

  async function onCheck() {
    const result = await check.run({ modelId }, (r) => (r.upToDate ? `Up to date with ${r.ref}` : `${r.changes.length} file${r.changes.length === 1 ? "" : "s"} changed on ${r.ref}`));
    setChanges(result.ok ? result.data : null);
  }

  async function onImport(commit: string) {
    const result = await importer.run({ modelId, expectedCommit: commit }, (r) => `Imported commit ${r.commit.slice(0, 12)} as code version ${r.codeVersion}`);
    if (result.ok) setChanges(null);
  }

  return (
    <div className="space-y-3">
      <button type="button" onClick={onCheck} disabled={check.pending} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-60">
        {check.pending ? "Checking…" : "Check for changes"}
      </button>
      {changes && (
        <section aria-label="Changes in the repository" className="space-y-2">
          {changes.upToDate ? (
            <p className="text-sm text-slate-600">
              {changes.ref} is at <CommitRef url={url} sha={changes.headCommit} />: the same files as the imported code.
            </p>
          ) : (
            <>
              <p className="text-sm">
                {changes.ref} moved from {changes.pinnedCommit ? <CommitRef url={url} sha={changes.pinnedCommit} /> : "nothing imported"} to <CommitRef url={url} sha={changes.headCommit} />.
              </p>
              {changes.changes.map((change) => (
                <details key={change.name} open={changes.changes.length <= 3} className="text-sm">
                  <summary className="cursor-pointer">
                    <span className="font-mono">{change.name}</span> {change.status}
                  </summary>
                  {change.diff ? <DiffView lines={change.diff} title={`Changes to ${change.name}`} /> : <p className="text-slate-600">Binary file: no text diff.</p>}
                </details>
              ))}
              <button type="button" onClick={() => onImport(changes.headCommit)} disabled={importer.pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60">
                {importer.pending ? "Importing…" : `Import ${changes.headCommit.slice(0, 12)} as a new code version`}
              </button>
            </>
          )}
        </section>
      )}
    </div>
  );
}
