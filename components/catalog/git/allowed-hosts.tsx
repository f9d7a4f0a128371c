"use client";

import type { FormEvent } from "react";
import { useAction } from "@/components/ui/use-action";
import { allowHostRoute, disallowHostRoute } from "./actions";

type AllowedHost = { host: string; createdAt: Date; createdBy: { name: string } };

/** Admin setting: hosts Git fetches may reach although they resolve to loopback or private addresses (audited). */
export function AllowedGitHosts({ hosts }: { hosts: AllowedHost[] }) {
  const allow = useAction(allowHostRoute);
  const remove = useAction(disallowHostRoute);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const host = String(new FormData(form).get("host") ?? "").trim();
    const result = await allow.run({ host }, (r) => `Git fetches may now reach ${r.host}`, { form });
    if (result.ok) form.reset();
  }

  return (
    <section aria-labelledby="git-hosts" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="git-hosts" className="text-lg font-semibold">
        Git hosts
      </h2>
      <p className="text-sm text-slate-600">
        Imports from Git never reach loopback or private addresses (this machine, the engine, the database, cloud metadata) unless the host is listed here. Allow only your own
        Git servers; http:// is accepted only for these hosts.
      </p>
      {hosts.length === 0 ? (
        <p className="text-sm">No host is allowed: every repository must be at a public address.</p>
      ) : (
        <ul aria-label="Allowed Git hosts" className="space-y-1 text-sm">
          {hosts.map((h) => (
            <li key={h.host} className="flex flex-wrap items-center gap-2">
              <span className="font-mono">{h.host}</span>
              <span className="text-slate-600">
                allowed by {h.createdBy.name} on {h.createdAt.toISOString().slice(0, 10)}
              </span>
              <button type="button" disabled={remove.pending} onClick={() => remove.run({ host: h.host }, (r) => `${r.host} follows the address rule again`)} className="rounded-md border border-slate-300 px-2 py-0.5 text-xs">
                Remove {h.host}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={onSubmit} aria-label="Allow a Git host" className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          Host name or IP address
          <input name="host" required placeholder="gitlab.internal" className="mt-1 block w-64 rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <button type="submit" disabled={allow.pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60">
          Allow
        </button>
      </form>
    </section>
  );
}
