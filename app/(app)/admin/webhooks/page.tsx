import type { Metadata } from "next";
import { AdminSubnav } from "@/components/environments/admin-subnav";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { listAllowedHosts, listWebhookEndpoints } from "@/lib/webhooks/queries";
import { EndpointForm } from "@/components/admin/webhooks/endpoint-form";
import { EndpointCard } from "@/components/admin/webhooks/endpoint-card";
import { AllowedHosts } from "@/components/admin/webhooks/allowed-hosts";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requireActor("webhooks:manage");
  const [endpoints, hosts] = await Promise.all([listWebhookEndpoints(prisma), listAllowedHosts(prisma)]);
  return (
    <div className="max-w-5xl space-y-6">
      <AdminSubnav current="/admin/webhooks" />
      <div>
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="mt-1 text-slate-600">
          Ferry POSTs events to these URLs, signed the Standard Webhooks way (<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code> with the
          endpoint&apos;s <code>whsec_…</code> secret). A failed delivery is retried with back-off (5 s to an hour, 7 attempts) and can be re-sent; each answer is kept below.
        </p>
      </div>
      {endpoints.length === 0 && <p className="text-slate-600">No endpoints yet.</p>}
      {endpoints.map((endpoint) => (
        <EndpointCard key={endpoint.id} endpoint={endpoint} />
      ))}
      <section aria-labelledby="add-endpoint" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="add-endpoint" className="text-lg font-semibold">
          Add an endpoint
        </h2>
        <EndpointForm />
      </section>
      <AllowedHosts hosts={hosts.map((h) => h.host)} />
    </div>
  );
}
