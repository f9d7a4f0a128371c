import { executionInputJsonSchema } from "@/lib/pipelines/input";
import type { PipelineSpec } from "@/lib/pipelines/spec";
import { JsonView } from "@/components/ui/json-view";

/** What a model must supply to run this pipeline: nothing model-specific is baked into the definition. */
export function InputSchemaPanel({ spec }: { spec: PipelineSpec }) {
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">
        Parameters left to each model: its role, input, code and output locations, and per step the image, instance type, volume and maximum runtime. A
        run&apos;s execution input must match this JSON Schema.
      </p>
      <JsonView label="Execution input schema" value={executionInputJsonSchema(spec)} />
    </div>
  );
}
