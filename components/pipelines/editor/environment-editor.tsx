"use client";

import { GroupIssues } from "@/components/ui/field";
import { TextField } from "@/components/ui/text-field";
import { RowButton } from "@/components/ui/row-button";

type Environment = Record<string, string>;

function freeName(environment: Environment): string {
  for (let n = 1; ; n += 1) if (!(`VAR_${n}` in environment)) return `VAR_${n}`;
}

/** Environment variables of the job, as rows; renaming a variable keeps its place in the list. */
export function EnvironmentEditor({ path, environment, onChange }: { path: string; environment: Environment; onChange: (environment: Environment) => void }) {
  const entries = Object.entries(environment);
  const rename = (from: string, to: string) => onChange(Object.fromEntries(entries.map(([k, v]) => (k === from ? [to, v] : [k, v]))));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">Environment</legend>
      {entries.length === 0 && <p className="text-xs text-slate-500">No variables: the job sees only what the image sets.</p>}
      {entries.map(([name, value], index) => {
        const label = `Variable ${index + 1}`;
        return (
          <div key={index} className="grid grid-cols-[1fr_1.5fr_auto] items-start gap-2">
            <TextField label={`${label} name`} path={`${path}.${name}`} value={name} onChange={(to) => rename(name, to)} mono />
            <TextField label={`${label} value`} path={`${path}.${name}.value`} value={value} onChange={(v) => onChange({ ...environment, [name]: v })} mono />
            <RowButton label={`Remove ${label.toLowerCase()}`} onClick={() => onChange(Object.fromEntries(entries.filter(([k]) => k !== name)))} />
          </div>
        );
      })}
      <GroupIssues path={path} />
      <button type="button" onClick={() => onChange({ ...environment, [freeName(environment)]: "" })} className="text-sm text-brand-700 hover:underline">
        + Add variable
      </button>
    </fieldset>
  );
}
