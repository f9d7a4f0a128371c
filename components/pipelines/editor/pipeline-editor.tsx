"use client";

import { useMemo, useState } from "react";
import type { PipelineDraft } from "@/lib/pipelines/draft";
import { toStateMachineDefinition } from "@/lib/pipelines/asl";
import { useAction } from "@/components/ui/use-action";
import { publishPipelineVersionAction, savePipelineDraftAction } from "@/app/(app)/pipelines/actions";
import { IssuesContext } from "@/components/ui/field";
import { describePath, issuesByPath, specIssues } from "./issues";
import { aslSummary, IssueSummary, type SummaryItem } from "./issue-summary";
import { useAslProblems } from "./use-asl-problems";
import { SpecForm } from "./spec-form";
import { RawDefinitionEditor } from "./raw-definition-editor";
import { EditorToolbar } from "./editor-toolbar";
import { PipelinePreview } from "../preview/pipeline-preview";
import { useUnsavedWarning } from "./use-unsaved-warning";

type Props = { pipelineId: string; name: string; initialDraft: PipelineDraft; canEdit: boolean };

/** The editor: step cards (or raw JSON) on the left, a live preview on the right, validated on every change. */
export function PipelineEditor({ pipelineId, name, initialDraft, canEdit }: Props) {
  const [draft, setDraft] = useState(initialDraft);
  const [rawError, setRawError] = useState<string | null>(null);
  const [saved, setSaved] = useState(() => JSON.stringify(initialDraft));
  const save = useAction(savePipelineDraftAction);
  const publish = useAction(publishPipelineVersionAction);

  const issues = useMemo(() => (draft.kind === "spec" ? specIssues(draft.spec) : []), [draft]);
  const zodOk = issues.length === 0 && rawError === null;
  const asl = useAslProblems(name, zodOk ? draft : null);
  const aslProblems = zodOk ? (asl.data ?? []) : [];
  const summary: SummaryItem[] = [
    ...(draft.kind === "spec" ? issues.map((i) => ({ where: describePath(draft.spec, i.path), message: i.message })) : []),
    ...(rawError ? [{ where: "Definition", message: rawError }] : []),
    ...aslSummary(aslProblems),
    ...(asl.error ? [{ where: "Validation", message: asl.error.message }] : []),
  ];
  const definition = useMemo(() => (draft.kind === "spec" ? (draft.spec.steps.length ? toStateMachineDefinition(draft.spec, name) : null) : draft.definition), [draft, name]);
  const dirty = JSON.stringify(draft) !== saved;
  const byPath = useMemo(() => issuesByPath(issues), [issues]);
  useUnsavedWarning(canEdit && dirty);

  async function saveDraft(): Promise<boolean> {
    const result = await save.run({ pipelineId, draft }, "Draft saved");
    if (result.ok) setSaved(JSON.stringify(draft));
    return result.ok;
  }

  async function publishDraft() {
    const what = "Publish this draft as a new version? A published version never changes: deployments bind it when an admin approves them, and live deployments keep running their own version until a new request is approved.";
    if (!window.confirm(what)) return;
    if (dirty && !(await saveDraft())) return;
    await publish.run({ pipelineId }, (v) => `Published version ${v.version}`);
  }

  return (
    <IssuesContext.Provider value={byPath}>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div className="space-y-4">
          {canEdit ? (
            <EditorToolbar
              dirty={dirty}
              canSave={zodOk}
              canPublish={zodOk && aslProblems.length === 0}
              pending={save.pending || publish.pending}
              onSave={() => void saveDraft()}
              onPublish={() => void publishDraft()}
            />
          ) : (
            <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">Read-only: your role can view pipelines; MLOps engineers edit and publish them.</p>
          )}
          <IssueSummary items={summary} checking={zodOk && asl.isFetching} />
          <fieldset disabled={!canEdit} className="min-w-0">
            {draft.kind === "spec" ? (
              <SpecForm spec={draft.spec} onChange={(spec) => setDraft({ kind: "spec", spec })} />
            ) : (
              <RawDefinitionEditor
                initial={draft.definition}
                onChange={(next, error) => {
                  setRawError(error);
                  if (next) setDraft({ kind: "raw", definition: next });
                }}
              />
            )}
          </fieldset>
        </div>
        <div className="lg:sticky lg:top-4 lg:self-start">
          <PipelinePreview draft={draft} definition={definition} />
        </div>
      </div>
    </IssuesContext.Provider>
  );
}
