"use client";

import { useState, type FormEvent } from "react";
import { useAction } from "@/components/ui/use-action";
import { createTokenAction } from "@/app/(app)/profile/actions";

/** Makes a token and shows it once: Ferry keeps only its hash, so it cannot be shown again. */
export function TokenForm() {
  const { run, pending } = useAction(createTokenAction);
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const result = await run(
      { name: String(data.get("name") ?? ""), scope: data.get("scope") === "READ" ? "READ" : "ROLES", expiresInDays: Number(data.get("expiresInDays") ?? 90) },
      (made) => `Created ${made.name}; copy it now`,
    );
    if (result.ok) {
      setShown({ name: result.data.name, token: result.data.token });
      form.reset();
    }
  }

  return (
    <div className="space-y-3">
      <form onSubmit={onSubmit} aria-label="Create a token" className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-4">
        <label className="text-sm sm:col-span-2">
          Name (what it is for)
          <input name="name" required maxLength={80} placeholder="ci-deploy" className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="text-sm">
          Scope
          <select name="scope" defaultValue="ROLES" className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5">
            <option value="ROLES">My roles</option>
            <option value="READ">Read only</option>
          </select>
        </label>
        <label className="text-sm">
          Expires after (days, at most 365)
          <input name="expiresInDays" type="number" min={1} max={365} defaultValue={90} required className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <div className="sm:col-span-4">
          <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60">
            {pending ? "Creating…" : "Create token"}
          </button>
        </div>
      </form>
      {shown && (
        <div role="status" className="space-y-2 rounded-xl border border-amber-300 bg-amber-50 p-4">
          <p className="text-sm font-medium text-amber-900">Your new token {shown.name}: copy it now, it is not shown again.</p>
          <label className="block text-sm">
            Token
            <input readOnly value={shown.token} data-testid="new-token" onFocus={(e) => e.currentTarget.select()} className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-xs" />
          </label>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(shown.token)} className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm">
            Copy
          </button>
        </div>
      )}
    </div>
  );
}
