"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { useAction } from "@/components/ui/use-action";
import { createPipelineAction } from "@/app/(app)/pipelines/actions";
import { PipelineNameInput } from "./pipeline-name-input";
import { inputClass } from "@/components/ui/input-style";
import { SubmitButton } from "@/components/ui/buttons";

/** Name (and description) → a pipeline that starts from the article's three steps → its editor. */
export function CreatePipelineForm() {
  const router = useRouter();
  const { run, pending } = useAction(createPipelineAction);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const result = await run({ name: String(data.get("name") ?? ""), description: String(data.get("description") ?? "") }, (p) => `Created ${p.name}`, { form });
    if (result.ok) router.push(`/pipelines/${result.data.id}`);
  }

  return (
    <form onSubmit={onSubmit} aria-label="New pipeline" className="space-y-4 rounded-xl border border-slate-200 bg-white p-4">
      <PipelineNameInput />
      <label className="block text-sm">
        Description
        <input name="description" maxLength={256} className={inputClass} />
      </label>
      <SubmitButton pending={pending} busy="Creating…">Create pipeline</SubmitButton>
    </form>
  );
}
