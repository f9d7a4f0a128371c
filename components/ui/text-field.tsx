"use client";

import { Field } from "./field";
import { inputClass } from "./input-style";

export function TextField({ label, path, value, onChange, className, mono = false }: { label: string; path: string; value: string; onChange: (value: string) => void; className?: string; mono?: boolean }) {
  return (
    <Field label={label} path={path} className={className}>
      {(control) => <input {...control} value={value} onChange={(event) => onChange(event.target.value)} className={`${inputClass}${mono ? " font-mono" : ""}`} />}
    </Field>
  );
}
