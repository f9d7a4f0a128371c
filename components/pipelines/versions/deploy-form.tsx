"use client";

import type { FormEvent } from "react";
import { useAction } from "@/components/ui/use-action";
import { releasePipelineVersionAction } from "@/app/(app)/pipelines/actions";
import { inputClass } from "@/components/ui/input-style";
import type { EnvironmentOption } from "@/lib/pipelines/queries";
import { SubmitButton } from "@/components/ui/buttons";

/** Creates or updates the state machine in an environment; the outcome shows in the version's deployments. */
export function DeployForm({ versionId, version, environments }: { versionId: string; version: number; environments: readonly EnvironmentOption[] }) {
  const { run, pending } = useAction(releasePipelineVersionAction);
  if (environments.length === 0) return <p className="text-sm text-slate-600">No environments to deploy to: an admin adds them.</p>;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const environmentId = String(new FormData(event.currentTarget).get("environmentId") ?? "");
    await run({ pipelineVersionId: versionId, environmentId }, (r) => (r.status === "LIVE" ? `v${version} is live` : `Deploying v${version} failed: ${r.error ?? "see the deployments list"}`));
  }

  return (
    <form onSubmit={onSubmit} aria-label={`Deploy version ${version}`} className="flex flex-wrap items-end gap-2">
      <label className="text-sm">
        Environment
        <select name="environmentId" className={inputClass}>
          {environments.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name} ({e.kind.toLowerCase()}, {e.region})
            </option>
          ))}
        </select>
      </label>
      <SubmitButton pending={pending} tone="dark">{pending ? "Deploying…" : `Deploy v${version}`}</SubmitButton>
    </form>
  );
}
