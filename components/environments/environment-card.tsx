"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import type { AdminEnvironment } from "@/lib/environments/queries";
import type { EnvironmentCheck } from "@/lib/environments/check";
import { checkEnvironmentAction, saveEnvironmentAction } from "@/app/(app)/admin/environments/actions";
import { useAction } from "@/components/ui/use-action";
import { EnvironmentForm } from "./environment-form";

/** One environment: its settings, its parity rule, and a dry-run check of what it lacks. */
export function EnvironmentCard({ environment }: { environment: AdminEnvironment }) {
  const [check, setCheck] = useState<EnvironmentCheck | null>(null);
  const [editing, setEditing] = useState(false);
  const [checking, startChecking] = useTransition();
  const save = useAction(saveEnvironmentAction);

  function runCheck() {
    startChecking(async () => {
      const result = await checkEnvironmentAction({ environmentId: environment.id });
      if (result.ok) setCheck(result.data);
      else toast.error(result.error);
    });
  }

  const rows: [string, string | null][] = [
    ["Region", environment.region],
    ["Account", environment.accountId],
    ["State machine role", environment.stateMachineRoleArn],
    ["SageMaker execution role", environment.sagemakerRoleArn],
    ["Bucket", environment.bucket],
    ["Endpoint override", environment.endpointOverride],
    ["Access role", environment.accessRoleArn],
    ["External ID", environment.externalId],
  ];
  return (
    <article aria-label={`Environment ${environment.name}`} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">
          {environment.name} <span className="text-sm font-normal text-slate-500">{environment.kind === "EMBEDDED" ? "embedded engine" : "AWS"} · {environment._count.deployments} live</span>
        </h2>
        <div className="flex gap-2">
          <button type="button" onClick={runCheck} disabled={checking} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-60">
            {checking ? "Checking…" : "Check"}
          </button>
          {environment.kind === "AWS" && (
            <button type="button" onClick={() => setEditing(!editing)} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
              {editing ? "Cancel" : "Edit"}
            </button>
          )}
        </div>
      </div>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="break-all font-mono text-xs leading-5">{value ?? "—"}</dd>
          </div>
        ))}
      </dl>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={environment.requireParity}
          disabled={save.pending}
          onChange={(e) =>
            save.run(
              environment.kind === "EMBEDDED"
                ? { id: environment.id, kind: "EMBEDDED", requireParity: e.target.checked }
                : { id: environment.id, kind: "AWS", requireParity: e.target.checked, aws: awsFields(environment) },
              e.target.checked ? "Parity evidence is now required" : "Parity evidence is no longer required",
            )
          }
        />
        Require passing parity evidence before approval
      </label>
      {editing && environment.kind === "AWS" && <EnvironmentForm environment={environment} onDone={() => setEditing(false)} />}
      {check && (
        <ul aria-label={`Check of ${environment.name}`} className="space-y-1 rounded-md bg-slate-50 p-3 text-sm">
          {check.items.map((item) => (
            <li key={item.name}>
              <span className={item.ok ? "text-emerald-700" : "text-red-700"}>{item.ok ? "✓" : "✗"}</span> <span className="font-medium">{item.name}</span>: {item.detail}
              {item.fix && <span className="block pl-5 text-slate-600">What to do: {item.fix}</span>}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

export function awsFields(e: AdminEnvironment) {
  return {
    name: e.name,
    region: e.region,
    accountId: e.accountId ?? "",
    stateMachineRoleArn: e.stateMachineRoleArn ?? "",
    sagemakerRoleArn: e.sagemakerRoleArn ?? "",
    bucket: e.bucket,
    endpointOverride: e.endpointOverride ?? "",
    accessRoleArn: e.accessRoleArn ?? "",
    externalId: e.externalId ?? "",
  };
}
