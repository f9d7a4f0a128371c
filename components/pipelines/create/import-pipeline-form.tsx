"use client";

import { useRouter } from "next/navigation";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { useAction } from "@/components/ui/use-action";
import { importPipelineAction } from "@/app/(app)/pipelines/actions";
import { PipelineNameInput } from "./pipeline-name-input";
import { SubmitButton } from "@/components/ui/buttons";

/** Paste or upload a definition; Ferry maps processing-job chains onto steps and says what it did. */
export function ImportPipelineForm() {
  const router = useRouter();
  const { run, pending } = useAction(importPipelineAction);
  const [definition, setDefinition] = useState("");

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (file) setDefinition(await file.text());
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    const result = await run({ name, definition }, (p) =>
      [`Imported ${p.name} as ${p.kind === "spec" ? "editable steps" : "a raw definition"}.`, ...p.notes].join(" "),
    );
    if (result.ok) router.push(`/pipelines/${result.data.id}`);
  }

  return (
    <form onSubmit={onSubmit} aria-label="Import a definition" className="space-y-4 rounded-xl border border-slate-200 bg-white p-4">
      <PipelineNameInput />
      <label className="block text-sm">
        Upload a .json file
        <input type="file" accept=".json,application/json" onChange={(e) => void onFile(e)} className="mt-1 block text-sm" />
      </label>
      <label className="block text-sm">
        Definition (JSON)
        <textarea
          value={definition}
          onChange={(e) => setDefinition(e.target.value)}
          required
          rows={18}
          spellCheck={false}
          placeholder='{ "StartAt": "…", "States": { … } }'
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-xs"
        />
      </label>
      <SubmitButton pending={pending} busy="Importing…">Import</SubmitButton>
    </form>
  );
}
