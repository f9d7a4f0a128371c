"use client";

import { useState, type FormEvent } from "react";
import { runParityAction } from "@/app/(app)/deployments/actions";
import { useAction } from "@/components/ui/use-action";
import { inputClass } from "@/components/ui/input-style";
import { SubmitButton } from "@/components/ui/buttons";

async function readFile(form: FormData, name: string) {
  const file = form.get(name);
  if (!(file instanceof File) || file.size === 0) return null;
  return { fileName: file.name, content: await file.text() };
}

/** Attach a golden input and the legacy output it produced; Ferry runs the pipeline on it and compares. */
export function ParityForm({ deploymentId }: { deploymentId: string }) {
  const { run, pending } = useAction(runParityAction);
  const [problem, setProblem] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const [goldenInput, legacyOutput] = await Promise.all([readFile(form, "goldenInput"), readFile(form, "legacyOutput")]);
    if (!goldenInput || !legacyOutput) {
      setProblem("Choose both files: the golden input and the legacy output it produced.");
      return;
    }
    setProblem(null);
    await run({ deploymentId, goldenInput, legacyOutput, tolerance: Number(form.get("tolerance") || "0.000001") }, "Parity run queued: a worker runs the pipeline on the golden input");
  }

  return (
    <form aria-label="Parity evidence" onSubmit={onSubmit} className="grid gap-3 md:grid-cols-3">
      <label className="block text-sm font-medium text-slate-700">
        Golden input (what the legacy script read)
        <input type="file" name="goldenInput" className={inputClass} />
      </label>
      <label className="block text-sm font-medium text-slate-700">
        Legacy output (.csv or .json it wrote)
        <input type="file" name="legacyOutput" accept=".csv,.json" className={inputClass} />
      </label>
      <label className="block text-sm font-medium text-slate-700">
        Numeric tolerance (absolute)
        <input type="number" name="tolerance" step="any" min="0" defaultValue="0.000001" className={inputClass} />
      </label>
      {problem && (
        <p role="alert" className="text-sm text-red-700 md:col-span-3">
          {problem}
        </p>
      )}
      <div className="md:col-span-3">
        <SubmitButton pending={pending} tone="dark" busy="Queuing the parity run…">Run parity check</SubmitButton>
      </div>
    </form>
  );
}
