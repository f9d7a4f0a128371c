"use client";

import type { FormEvent } from "react";
import type { AdminEnvironment } from "@/lib/environments/queries";
import { saveEnvironmentAction } from "@/app/(app)/admin/environments/actions";
import { useAction } from "@/components/ui/use-action";
import { inputClass } from "@/components/ui/input-style";
import { SubmitButton } from "@/components/ui/buttons";

const FIELDS = [
  ["name", "Name", "prod-eu"],
  ["region", "Region", "eu-west-1"],
  ["accountId", "Account id", "123456789012"],
  ["stateMachineRoleArn", "State machine role ARN", "arn:aws:iam::123456789012:role/ferry-states"],
  ["sagemakerRoleArn", "SageMaker execution role ARN", "arn:aws:iam::123456789012:role/ferry-sagemaker"],
  ["bucket", "Bucket", "ferry-prod-eu"],
  ["endpointOverride", "Endpoint override (optional)", "https://vpce-…"],
  ["accessRoleArn", "Access role ARN (optional: Ferry assumes it)", "arn:aws:iam::123456789012:role/ferry-access"],
  ["externalId", "External ID (the access role's trust policy requires it)", "ferry-prod-eu-7f3a"],
] as const;

/**
 * Adds an AWS environment, or edits one. Credentials are not asked for: Ferry uses the SDK's default chain, and
 * assumes the access role with it when one is named.
 */
export function EnvironmentForm({ environment, onDone }: { environment?: AdminEnvironment; onDone?: () => void }) {
  const { run, pending } = useAction(saveEnvironmentAction);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const aws = Object.fromEntries(FIELDS.map(([key]) => [key, String(form.get(key) ?? "")])) as Record<(typeof FIELDS)[number][0], string>;
    const result = await run(
      { ...(environment ? { id: environment.id } : {}), kind: "AWS", requireParity: form.get("requireParity") === "on", aws },
      environment ? "Environment saved" : "Environment added: run Check to see what it lacks",
    );
    if (result.ok) {
      if (!environment) element.reset();
      onDone?.();
    }
  }
  return (
    <form aria-label={environment ? `Edit ${environment.name}` : "Add an AWS environment"} onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2">
      {FIELDS.map(([key, label, placeholder]) => (
        <label key={key} className="block text-sm font-medium text-slate-700">
          {label}
          <input name={key} placeholder={placeholder} defaultValue={environment ? (environment[key] ?? "") : ""} className={inputClass} />
        </label>
      ))}
      <label className="flex items-center gap-2 self-end text-sm">
        <input type="checkbox" name="requireParity" defaultChecked={environment?.requireParity ?? true} /> Require parity evidence
      </label>
      <div className="sm:col-span-2">
        <SubmitButton pending={pending}>{pending ? "Saving…" : environment ? "Save" : "Add environment"}</SubmitButton>
      </div>
    </form>
  );
}
