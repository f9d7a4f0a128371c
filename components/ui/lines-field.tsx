"use client";

import { Field } from "./field";
import { inputClass } from "./input-style";

/** A list of strings edited one per line (entrypoint, arguments, error names); an empty box is an empty list. */
type Props = { label: string; path: string; values: readonly string[]; onChange: (values: string[]) => void; placeholder?: string; className?: string };

export function LinesField({ label, path, values, onChange, placeholder, className }: Props) {
  return (
    <Field label={label} path={path} className={className}>
      {(control) => (
        <textarea
          {...control}
          rows={Math.max(2, values.length)}
          value={values.join("\n")}
          placeholder={placeholder}
          onChange={(event) => onChange(event.target.value === "" ? [] : event.target.value.split("\n"))}
          className={`${inputClass} font-mono`}
        />
      )}
    </Field>
  );
}
