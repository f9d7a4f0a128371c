"use client";

type Props = { dirty: boolean; canSave: boolean; canPublish: boolean; pending: boolean; onSave: () => void; onPublish: () => void };

/** Save draft and Publish (which saves first); a line says why either is unavailable. */
export function EditorToolbar({ dirty, canSave, canPublish, pending, onSave, onPublish }: Props) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button type="button" onClick={onSave} disabled={!canSave || !dirty || pending} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium disabled:opacity-50">
        Save draft
      </button>
      <button type="button" onClick={onPublish} disabled={!canPublish || pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
        {pending ? "Working…" : "Publish"}
      </button>
      <span className="text-sm text-slate-500" role="status">
        {!canSave ? "Fix the problems listed to save or publish." : !canPublish ? "Fix the definition's problems to publish." : dirty ? "Unsaved changes." : "Saved."}
      </span>
    </div>
  );
}
