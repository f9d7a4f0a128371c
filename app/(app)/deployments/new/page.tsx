import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { requestFormOptions } from "@/lib/deployments/queries";
import { RequestForm } from "@/components/deployments/request-form";

export const metadata: Metadata = { title: "Request a deployment" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function NewDeploymentPage({ searchParams }: Props) {
  await requireActor("deployments:request");
  const [options, params] = await Promise.all([requestFormOptions(prisma), searchParams]);
  return (
    <div className="max-w-6xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Request a deployment</h1>
        <p className="mt-1 text-slate-600">Review the exact input, policies and pre-flight before sending; an admin other than you approves.</p>
      </div>
      <RequestForm options={options} initial={{ modelId: one(params.model), pipelineVersionId: one(params.version), environmentId: one(params.environment) }} />
    </div>
  );
}
