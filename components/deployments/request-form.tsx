"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition, type FormEvent } from "react";
import type { RequestPreview } from "@/lib/deployments/preview";
import type { requestFormOptions } from "@/lib/deployments/queries";
import { previewRequestAction, requestDeploymentAction } from "@/app/(app)/deployments/actions";
import { useAction } from "@/components/ui/use-action";
import { inputClass } from "@/components/ui/input-style";
import { RequestReview } from "./request-review";
import { SubmitButton } from "@/components/ui/buttons";

type Options = Awaited<ReturnType<typeof requestFormOptions>>;
type Targets = { modelId: string; pipelineVersionId: string; environmentId: string };

/** Choose model × pipeline version × environment; the parameters start from the model and the review updates live. */
export function RequestForm({ options, initial }: { options: Options; initial: Partial<Targets> }) {
  const router = useRouter();
  const [targets, setTargets] = useState<Targets>({
    modelId: initial.modelId ?? options.models[0]?.id ?? "",
    pipelineVersionId: initial.pipelineVersionId ?? options.versions[0]?.id ?? "",
    environmentId: initial.environmentId ?? options.environments[0]?.id ?? "",
  });
  const [parametersText, setParametersText] = useState("");
  const [preview, setPreview] = useState<RequestPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, startLoading] = useTransition();
  const { run, pending } = useAction(requestDeploymentAction);

  function load(parameters?: unknown) {
    startLoading(async () => {
      const result = await previewRequestAction({ ...targets, ...(parameters ? { parameters } : {}) } as Parameters<typeof previewRequestAction>[0]);
      if (!result.ok) {
        setProblem(result.error);
        setPreview(null);
        return;
      }
      setProblem(null);
      setPreview(result.data.preview);
      if (!parameters) setParametersText(JSON.stringify(result.data.parameters, null, 2));
    });
  }

  useEffect(() => {
    if (targets.modelId && targets.pipelineVersionId && targets.environmentId) load();
    // Reload the prefill whenever the choice of model, version or environment changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [targets.modelId, targets.pipelineVersionId, targets.environmentId]);

  function parsedParameters(): unknown {
    try {
      return JSON.parse(parametersText);
    } catch {
      setProblem("The parameters are not valid JSON.");
      return null;
    }
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parameters = parsedParameters();
    if (!parameters) return;
    const result = await run({ ...targets, parameters } as Parameters<typeof requestDeploymentAction>[0], "Deployment requested: an admin will review it");
    if (result.ok) router.push(`/deployments/${result.data.id}`);
  }

  const missing = !options.models.length ? "models (add one in Models)" : !options.versions.length ? "published pipeline versions (publish one in Pipelines)" : !options.environments.length ? "environments (an admin adds one)" : null;
  if (missing) return <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">There are no {missing} yet, so nothing can be requested.</p>;

  const select = (key: keyof Targets, label: string, items: { id: string; label: string }[]) => (
    <div>
      <label htmlFor={`request-${key}`} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={`request-${key}`} value={targets[key]} onChange={(e) => setTargets({ ...targets, [key]: e.target.value })} className={inputClass}>
        {items.map((i) => (
          <option key={i.id} value={i.id}>
            {i.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <form aria-label="Request a deployment" onSubmit={onSubmit} className="space-y-6">
      <div className="grid gap-4 rounded-xl border border-slate-200 bg-white p-4 md:grid-cols-3">
        {select("modelId", "Model", options.models.map((m) => ({ id: m.id, label: `${m.slug} — ${m.displayName}` })))}
        {select("pipelineVersionId", "Pipeline version", options.versions.map((v) => ({ id: v.id, label: `${v.pipeline.name} v${v.version}` })))}
        {select("environmentId", "Environment", options.environments.map((e) => ({ id: e.id, label: `${e.name} (${e.kind.toLowerCase()}${e.requireParity ? ", parity required" : ""})` })))}
      </div>
      <div className="space-y-2 rounded-xl border border-slate-200 bg-white p-4">
        <label className="block text-sm font-medium text-slate-700" htmlFor="parameters">
          Parameters (prefilled from the model; edit if needed)
        </label>
        <textarea id="parameters" value={parametersText} onChange={(e) => setParametersText(e.target.value)} rows={14} spellCheck={false} className={`${inputClass} font-mono text-xs`} />
        <button type="button" onClick={() => { const p = parsedParameters(); if (p) load(p); }} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          Update the review
        </button>
      </div>
      {problem && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {problem}
        </p>
      )}
      {loading && <p className="text-sm text-slate-500">Computing the review…</p>}
      {preview && <RequestReview preview={preview} />}
      <SubmitButton pending={pending} disabled={loading || !preview} busy="Requesting…">Request deployment</SubmitButton>
    </form>
  );
}
