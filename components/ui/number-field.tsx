"use client";

import { Field } from "./field";
import { inputClass } from "./input-style";

/** A number input; an empty box becomes NaN, which zod reports next to the field. */
export function NumberField({ label, path, value, onChange, step = 1 }: { label: string; path: string; value: number; onChange: (value: number) => void; step?: number }) {
  return (
    <Field label={label} path={path}>
      {(control) => (
        <input
          {...control}
          type="number"
          step={step}
          value={Number.isNaN(value) ? "" : value}
          onChange={(event) => onChange(event.target.valueAsNumber)}
          className={inputClass}
        />
      )}
    </Field>
  );
}
