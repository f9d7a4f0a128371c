"use client";

import type { FormEvent } from "react";
import { useAction } from "@/components/ui/use-action";
import { allowHostAction, disallowHostAction } from "@/app/(app)/admin/webhooks/actions";

/** Hosts webhooks may reach although they resolve to loopback or private addresses (an internal chat bridge, a test receiver). */
export function AllowedHosts({ hosts }: { hosts: string[] }) {
  const allow = useAction(allowHostAction);
  const disallow = useAction(disallowHostAction);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const result = await allow.run({ host: String(new FormData(form).get("host") ?? "") }, (made) => `Allowed ${made.host}`);
    if (result.ok) form.reset();
  }

  return (
    <section aria-labelledby="allowed-hosts" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="allowed-hosts" className="text-lg font-semibold">
        Allowed hosts
      </h2>
      <p className="text-sm text-slate-600">
        Webhooks never reach loopback, private, link-local or cloud metadata addresses, unless the host is listed here (each change is audited). Plain http:// is accepted only for these hosts.
      </p>
      <ul className="space-y-1 text-sm">
        {hosts.length === 0 && <li className="text-slate-600">None.</li>}
        {hosts.map((host) => (
          <li key={host} className="flex items-center gap-2">
            <code>{host}</code>
            <button type="button" disabled={disallow.pending} onClick={() => void disallow.run({ host }, `${host} follows the rule again`)} className="rounded-md border border-slate-300 px-2 py-0.5">
              Remove<span className="sr-only"> {host}</span>
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={onSubmit} aria-label="Allow a host" className="flex items-end gap-2">
        <label className="text-sm">
          Host name or IP address
          <input name="host" required maxLength={253} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <button type="submit" disabled={allow.pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60">
          Allow
        </button>
      </form>
    </section>
  );
}
