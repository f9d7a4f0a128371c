import type { Metadata } from "next";
import { AdminSubnav } from "@/components/environments/admin-subnav";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { listEnvironmentsForAdmin } from "@/lib/environments/queries";
import { EnvironmentCard } from "@/components/environments/environment-card";
import { EnvironmentForm } from "@/components/environments/environment-form";
import { AllowedGitHosts } from "@/components/catalog/git/allowed-hosts";
import { listAllowedHosts } from "@/lib/catalog/git/queries";

export const metadata: Metadata = { title: "Environments" };

export default async function EnvironmentsPage() {
  await requireActor("environments:manage");
  const [environments, gitHosts] = await Promise.all([listEnvironmentsForAdmin(prisma), listAllowedHosts(prisma)]);
  return (
    <div className="max-w-5xl space-y-6">
      <AdminSubnav current="/admin/environments" />
      <div>
        <h1 className="text-2xl font-semibold">Environments</h1>
        <p className="mt-1 text-slate-600">
          Where deployments go: the embedded engine on this machine, or AWS accounts. Credentials come from the AWS SDK&apos;s default provider chain of Ferry&apos;s process, never from
          here; an AWS environment may name a role Ferry assumes with them (with its external ID), its session named after you.
        </p>
      </div>
      {environments.length === 0 && <p className="text-slate-600">No environments yet: add an AWS environment below (the embedded one appears when Ferry starts in embedded mode).</p>}
      {environments.map((e) => (
        <EnvironmentCard key={e.id} environment={e} />
      ))}
      <section aria-labelledby="add-env" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="add-env" className="text-lg font-semibold">
          Add an AWS environment
        </h2>
        <EnvironmentForm />
      </section>
      <AllowedGitHosts hosts={gitHosts} />
    </div>
  );
}
