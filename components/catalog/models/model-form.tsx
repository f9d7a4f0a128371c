"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { useAction } from "@/components/ui/use-action";
import { saveModelAction } from "@/app/(app)/models/actions";
import { MANUAL_STATUSES, STATUS_LABELS, type ModelStatusValue } from "@/lib/catalog/models/fields";
import { PROCESSING_INSTANCE_TYPES } from "@/lib/aws/instance-types";
import { inputClass } from "@/components/ui/input-style";
import { SubmitButton } from "@/components/ui/buttons";

export type ModelFormValues = {
  id?: string;
  slug: string;
  displayName: string;
  team: string;
  ownerEmail: string;
  tags: string[];
  description: string;
  inputUri: string;
  outputUri: string;
  instanceType: string;
  volumeSizeGb: number;
  maxRuntimeSeconds: number;
  status: ModelStatusValue;
  imageId: string;
  scriptImageId: string;
};

type ImageChoice = { id: string; uri: string; kind: "FRAMEWORK" | "CUSTOM"; status: "ACTIVE" | "DEPRECATED" };


function Text({ name, label, value, hint, mono, required }: { name: string; label: string; value: string | number; hint?: string; mono?: boolean; required?: boolean }) {
  return (
    <label className="text-sm">
      {label}
      <input name={name} defaultValue={value} required={required} className={`${inputClass} ${mono ? "font-mono" : ""}`} />
      {hint && <span className="mt-0.5 block text-xs text-slate-500">{hint}</span>}
    </label>
  );
}

function ImageSelect({ name, label, value, images }: { name: string; label: string; value: string; images: ImageChoice[] }) {
  return (
    <label className="text-sm">
      {label}
      <select name={name} defaultValue={value} className={inputClass}>
        <option value="">(none yet)</option>
        {images
          .filter((i) => i.status === "ACTIVE" || i.id === value)
          .map((i) => (
            <option key={i.id} value={i.id}>
              {i.uri} ({i.kind === "FRAMEWORK" ? "framework" : "custom"})
            </option>
          ))}
      </select>
    </label>
  );
}

/** Create or edit a model; the server validates everything again and says which field is wrong. */
export function ModelForm({ initial, images }: { initial: ModelFormValues; images: ImageChoice[] }) {
  const router = useRouter();
  const { run, pending } = useAction(saveModelAction);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const d = new FormData(event.currentTarget);
    const text = (key: string) => String(d.get(key) ?? "");
    // Only a new model names its owner; afterwards ownership moves through Transfer ownership on the model page.
    const ownerEmail = initial.id ? "" : text("ownerEmail").trim();
    const result = await run(
      {
        ...(initial.id ? { id: initial.id } : {}),
        slug: text("slug"),
        displayName: text("displayName"),
        team: text("team"),
        ...(ownerEmail ? { ownerEmail } : {}),
        tags: text("tags"),
        description: text("description"),
        inputUri: text("inputUri"),
        outputUri: text("outputUri"),
        instanceType: text("instanceType") as (typeof PROCESSING_INSTANCE_TYPES)[number],
        volumeSizeGb: text("volumeSizeGb"),
        maxRuntimeSeconds: text("maxRuntimeSeconds"),
        status: text("status") as ModelStatusValue,
        imageId: text("imageId"),
        scriptImageId: text("scriptImageId"),
      },
      (m) => (initial.id ? `Saved ${m.slug}` : `Created ${m.slug}`),
    );
    if (result.ok) router.push(`/models/${result.data.slug}`);
  }

  return (
    <form onSubmit={onSubmit} aria-label={initial.id ? "Edit model" : "New model"} className="grid gap-4 rounded-xl border border-slate-200 bg-white p-5 sm:grid-cols-2">
      <Text name="slug" label="Name (slug)" value={initial.slug} required mono hint="Lower-case letters, digits and hyphens; also the code prefix ferry/code/<slug>/." />
      <Text name="displayName" label="Display name" value={initial.displayName} required />
      <Text name="team" label="Team" value={initial.team} required />
      {initial.id ? (
        <p className="text-sm">
          Owner
          <span className="mt-1 block py-1.5">{initial.ownerEmail}</span>
          <span className="block text-xs text-slate-500">Its owner or an admin transfers it from the model&apos;s page.</span>
        </p>
      ) : (
        <Text name="ownerEmail" label="Owner email" value={initial.ownerEmail} hint="Leave empty to own it yourself." />
      )}
      <Text name="tags" label="Tags" value={initial.tags.join(", ")} hint="Comma-separated, e.g. churn, nightly" />
      <label className="text-sm">
        Migration status
        <select name="status" defaultValue={initial.status} className={inputClass}>
          {[...new Set<ModelStatusValue>([...MANUAL_STATUSES, initial.status])].map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm sm:col-span-2">
        Description
        <textarea name="description" defaultValue={initial.description} rows={3} className={inputClass} />
      </label>
      <ImageSelect name="scriptImageId" label="Script image (preprocess, postprocess)" value={initial.scriptImageId} images={images} />
      <ImageSelect name="imageId" label="Inference image" value={initial.imageId} images={images} />
      <Text name="inputUri" label="Input data URI" value={initial.inputUri} mono hint="s3://bucket/prefix/" />
      <Text name="outputUri" label="Output data URI" value={initial.outputUri} mono hint="s3://bucket/prefix/" />
      <label className="text-sm">
        Default instance type
        <select name="instanceType" defaultValue={initial.instanceType} className={inputClass}>
          {PROCESSING_INSTANCE_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <div className="grid grid-cols-2 gap-3">
        <Text name="volumeSizeGb" label="Volume (GB)" value={initial.volumeSizeGb} />
        <Text name="maxRuntimeSeconds" label="Max runtime (s)" value={initial.maxRuntimeSeconds} />
      </div>
      <div className="sm:col-span-2">
        <SubmitButton pending={pending}>{pending ? "Saving…" : initial.id ? "Save model" : "Create model"}</SubmitButton>
      </div>
    </form>
  );
}
