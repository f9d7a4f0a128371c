"use client";

import { useRef, useState, type FormEvent } from "react";
import { useAction } from "@/components/ui/use-action";
import { registerImageAction } from "@/app/(app)/images/actions";
import { inputClass } from "@/components/ui/input-style";
import { SubmitButton } from "@/components/ui/buttons";
import { FormCard } from "@/components/ui/form-card";


export function RegisterImageForm() {
  const form = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<"FRAMEWORK" | "CUSTOM">("FRAMEWORK");
  const { run, pending } = useAction(registerImageAction);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const python = String(data.get("python") ?? "").trim();
    const result = await run(
      { uri: String(data.get("uri") ?? ""), kind, description: String(data.get("description") ?? ""), ...(python ? { python } : {}) },
      (image) => `Registered ${image.uri}`,
    );
    if (result.ok) form.current?.reset();
  }

  return (
    <FormCard ref={form} onSubmit={onSubmit} title="Register an image">
      <label className="text-sm sm:col-span-2">
        Image URI
        <input name="uri" required placeholder="123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn-predict:1.0" className={`${inputClass} font-mono`} />
        <span className="mt-1 block text-xs text-slate-500">An ECR image, with a :tag or @sha256: digest. AWS&apos;s framework images (sagemaker-scikit-learn…) are ECR images too.</span>
      </label>
      <fieldset className="text-sm">
        <legend>Kind</legend>
        <div className="mt-1 flex gap-4">
          {(["FRAMEWORK", "CUSTOM"] as const).map((k) => (
            <label key={k} className="flex items-center gap-1">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="accent-brand-600" />
              {k === "FRAMEWORK" ? "Framework (script mode)" : "Custom container"}
            </label>
          ))}
        </div>
      </fieldset>
      {kind === "FRAMEWORK" ? (
        <label className="text-sm">
          Interpreter (embedded engine, optional)
          <input name="python" placeholder="python3" pattern="[a-z0-9][a-z0-9._\-]{0,39}" className={`${inputClass} font-mono`} />
        </label>
      ) : (
        <p className="text-sm text-slate-600">After registering, upload its build context (Dockerfile and files) so the embedded engine can run it.</p>
      )}
      <label className="text-sm sm:col-span-2">
        Description
        <input name="description" maxLength={1000} className={inputClass} />
      </label>
      <div className="sm:col-span-2">
        <SubmitButton pending={pending} busy="Registering…">Register image</SubmitButton>
      </div>
    </FormCard>
  );
}
