"use client";

import { useState, type FormEvent } from "react";
import { useAction } from "@/components/ui/use-action";
import { WEBHOOK_EVENTS, type WebhookEvent } from "@/lib/webhooks/event-types";
import { createEndpointAction } from "@/app/(app)/admin/webhooks/actions";

export function EndpointForm() {
  const { run, pending } = useAction(createEndpointAction);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const result = await run(
      { url: String(data.get("url") ?? ""), description: String(data.get("description") ?? ""), events: data.getAll("events").map(String) as WebhookEvent[] },
      (made) => `Added ${made.url}`,
    );
    if (result.ok) {
      setSecret({ url: result.data.url, secret: result.data.secret });
      form.reset();
    }
  }

  return (
    <div className="space-y-3">
      <form onSubmit={onSubmit} aria-label="Add a webhook endpoint" className="grid gap-3 sm:grid-cols-2">
        <label className="text-sm">
          URL (https://, or http:// to an allowed host)
          <input name="url" type="url" required className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="text-sm">
          Description
          <input name="description" maxLength={200} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <fieldset className="text-sm sm:col-span-2">
          <legend>Events</legend>
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {Object.entries(WEBHOOK_EVENTS).map(([type, words]) => (
              <label key={type} className="flex items-center gap-2">
                <input type="checkbox" name="events" value={type} className="accent-brand-600" />
                <code>{type}</code> <span className="text-slate-600">{words}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="sm:col-span-2">
          <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60">
            {pending ? "Adding…" : "Add endpoint"}
          </button>
        </div>
      </form>
      {secret && (
        <div role="status" className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm">
          <p className="font-medium text-amber-900">The signing secret of {secret.url}: give it to the receiver now, it is not shown again.</p>
          <label className="mt-2 block">
            Secret
            <input readOnly value={secret.secret} data-testid="webhook-secret" onFocus={(e) => e.currentTarget.select()} className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-xs" />
          </label>
        </div>
      )}
    </div>
  );
}
