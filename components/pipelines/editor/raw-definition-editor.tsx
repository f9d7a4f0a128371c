"use client";

import { useState } from "react";
import { Field } from "@/components/ui/field";
import { inputClass } from "@/components/ui/input-style";

type Props = { initial: Record<string, unknown>; onChange: (definition: Record<string, unknown> | null, error: string | null) => void };

function parseDefinition(text: string): { definition: Record<string, unknown> | null; error: string | null } {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return { definition: parsed as Record<string, unknown>, error: null };
    return { definition: null, error: "A definition is a JSON object with StartAt and States." };
  } catch (error) {
    return { definition: null, error: `Not valid JSON: ${error instanceof Error ? error.message : "parse error"}` };
  }
}

/** An imported definition Ferry could not map onto steps: edited as JSON, still validated and deployable. */
export function RawDefinitionEditor({ initial, onChange }: Props) {
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  return (
    <div className="space-y-2">
      <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
        This pipeline is a raw definition: Ferry keeps it as it is (validated and deployable) because it is not a straight chain of processing jobs.
      </p>
      <Field label="Definition (JSON)">
        {(control) => (
          <textarea
            {...control}
            rows={28}
            spellCheck={false}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              const { definition, error } = parseDefinition(event.target.value);
              onChange(definition, error);
            }}
            className={`${inputClass} font-mono text-xs`}
          />
        )}
      </Field>
    </div>
  );
}
