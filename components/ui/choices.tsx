import { inputClass } from "./input-style";

export type Choice = { value: string; label: string };

/** A labelled select of a GET filter form: "any" (the empty value) first, then the choices. */
export function FilterSelect({ name, label, value, any, choices, className = "" }: { name: string; label: string; value: string | undefined; any?: string; choices: readonly Choice[]; className?: string }) {
  return (
    <label className={`text-sm ${className}`.trim()}>
      {label}
      <select name={name} defaultValue={value ?? ""} className={inputClass}>
        {any !== undefined && <option value="">{any}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The options of a version select: v1, v2, … */
export function VersionOptions({ versions }: { versions: readonly number[] }) {
  return versions.map((v) => (
    <option key={v} value={v}>
      v{v}
    </option>
  ));
}
