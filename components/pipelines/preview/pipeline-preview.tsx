"use client";

import type { PipelineDraft } from "@/lib/pipelines/draft";
import { Tabs } from "@/components/ui/tabs";
import { PipelineGraph } from "../graph/pipeline-graph";
import { JsonView } from "@/components/ui/json-view";
import { InputSchemaPanel } from "./input-schema-panel";

/** Graph, generated definition and (for step pipelines) what each model must supply, as the draft stands. */
export function PipelinePreview({ draft, definition }: { draft: PipelineDraft; definition: object | null }) {
  const definitionView = definition ? <JsonView label="Generated definition" value={definition} /> : <p className="text-sm text-slate-600">Add a step to see the definition.</p>;
  return (
    <Tabs
      label="Live preview"
      tabs={[
        { id: "graph", label: "Graph", content: <PipelineGraph source={draft} /> },
        { id: "definition", label: "Definition", content: definitionView },
        ...(draft.kind === "spec" ? [{ id: "input", label: "Model parameters", content: <InputSchemaPanel spec={draft.spec} /> }] : []),
      ]}
    />
  );
}
