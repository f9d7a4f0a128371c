"use client";

import { useAction } from "@/components/ui/use-action";
import type { WebhookEndpointRow } from "@/lib/webhooks/queries";
import { deleteEndpointAction, resendDeliveryAction, setEndpointEnabledAction } from "@/app/(app)/admin/webhooks/actions";

const when = (date: Date | null) => (date ? `${date.toISOString().slice(0, 19).replace("T", " ")} UTC` : "");

/** One endpoint: its events, pause/resume and delete, and its latest deliveries with each attempt's answer. */
export function EndpointCard({ endpoint }: { endpoint: WebhookEndpointRow }) {
  const toggle = useAction(setEndpointEnabledAction);
  const remove = useAction(deleteEndpointAction);
  const resend = useAction(resendDeliveryAction);
  return (
    <section aria-label={`Endpoint ${endpoint.url}`} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="break-all font-mono text-sm font-semibold">{endpoint.url}</h2>
          <p className="text-sm text-slate-600">
            {endpoint.enabled ? "Active" : "Paused"} · {endpoint.events.join(", ")}
            {endpoint.description ? ` · ${endpoint.description}` : ""}
          </p>
        </div>
        <div className="flex gap-2">
          <button type="button" disabled={toggle.pending} onClick={() => void toggle.run({ endpointId: endpoint.id, enabled: !endpoint.enabled }, endpoint.enabled ? "Paused" : "Resumed")} className="rounded-md border border-slate-300 px-2 py-1 text-sm">
            {endpoint.enabled ? "Pause" : "Resume"}
          </button>
          <button type="button" disabled={remove.pending} onClick={() => void remove.run({ endpointId: endpoint.id }, "Deleted")} className="rounded-md border border-red-300 px-2 py-1 text-sm text-red-700">
            Delete
          </button>
        </div>
      </div>
      {endpoint.deliveries.length === 0 ? (
        <p className="text-sm text-slate-600">No deliveries yet.</p>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">Latest deliveries to {endpoint.url}</caption>
          <thead className="text-left text-slate-600">
            <tr>
              <th className="p-1">Event</th>
              <th className="p-1">Status</th>
              <th className="p-1">Attempts</th>
              <th className="p-1">Last answer</th>
              <th className="p-1">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {endpoint.deliveries.map((delivery) => {
              const last = delivery.attemptLog[0];
              return (
                <tr key={delivery.id} className="border-t border-slate-100 align-top" data-testid="webhook-delivery">
                  <td className="p-1">
                    <code>{delivery.eventType}</code>
                    <div className="text-xs text-slate-600">{when(delivery.createdAt)}</div>
                  </td>
                  <td className="p-1">
                    {delivery.status}
                    {delivery.status === "PENDING" && delivery.nextAttemptAt ? <div className="text-xs text-slate-600">next {when(delivery.nextAttemptAt)}</div> : null}
                  </td>
                  <td className="p-1">{delivery.attempts}</td>
                  <td className="p-1">
                    {last ? (
                      <details>
                        <summary>
                          {last.statusCode ?? "no answer"} in {last.durationMs} ms
                        </summary>
                        {last.error && <p className="text-red-700">{last.error}</p>}
                        <pre className="max-h-40 overflow-auto whitespace-pre-wrap break-all bg-slate-50 p-2 text-xs" tabIndex={0}>
                          {last.responseBody || "(empty body)"}
                        </pre>
                      </details>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="p-1 text-right">
                    <button type="button" disabled={resend.pending} onClick={() => void resend.run({ deliveryId: delivery.id }, "Re-sent")} className="rounded-md border border-slate-300 px-2 py-1">
                      Re-send
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
