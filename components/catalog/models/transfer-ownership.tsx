"use client";

import { useState, type FormEvent } from "react";
import { useAction } from "@/components/ui/use-action";
import { transferModelAction } from "@/app/(app)/models/actions";
import { inputClass } from "@/components/ui/input-style";
import { SubmitButton } from "@/components/ui/buttons";

/** The one way a model changes owner (its owner or an admin); the new owner must be an enabled user with a catalog role. */
export function TransferOwnership({ modelId, slug, owners }: { modelId: string; slug: string; owners: { email: string; name: string }[] }) {
  const [open, setOpen] = useState(false);
  const { run, pending } = useAction(transferModelAction);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const ownerEmail = String(new FormData(event.currentTarget).get("ownerEmail") ?? "").trim();
    if (!window.confirm(`Make ${ownerEmail} the owner of ${slug}? You may lose the right to edit it.`)) return;
    const result = await run({ modelId, ownerEmail }, (r) => `${r.ownerEmail} now owns ${slug}`);
    if (result.ok) setOpen(false);
  }

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
        Transfer ownership
      </button>
    );
  }
  return (
    <form onSubmit={onSubmit} aria-label="Transfer ownership" className="flex flex-wrap items-end gap-2">
      <label className="w-64 text-sm">
        New owner&apos;s email
        <input name="ownerEmail" type="email" required list="model-owners" className={inputClass} />
      </label>
      <datalist id="model-owners">
        {owners.map((o) => (
          <option key={o.email} value={o.email}>
            {o.name}
          </option>
        ))}
      </datalist>
      <SubmitButton pending={pending} busy="Transferring…">Transfer</SubmitButton>
      <button type="button" onClick={() => setOpen(false)} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
        Cancel
      </button>
    </form>
  );
}
