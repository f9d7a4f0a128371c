"use client";

import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { Background, Controls, ReactFlow } from "@xyflow/react";
import { layoutGraph } from "./graph-model";
import { GraphStepNode } from "./graph-step-node";

const NODE_TYPES = { step: GraphStepNode };

/** The pipeline as a graph, laid out again whenever the draft changes. Read-only: edit in the step cards. */
export function PipelineGraph({ source }: { source: Parameters<typeof layoutGraph>[0] }) {
  const { nodes, edges } = useMemo(() => layoutGraph(source), [source]);
  return (
    <figure aria-label="Pipeline graph" className="space-y-2">
      <div className="h-[460px] rounded-lg border border-slate-200 bg-white">
        <ReactFlow
          // A new shape (steps added or removed) fits the view again; renames keep the user's zoom.
          key={nodes.length}
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          fitView
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      <figcaption className="text-xs text-slate-500">Solid blue edges: an output read by a later step. Dashed: runs next. Blue nodes run a model&apos;s script; amber ones a custom container.</figcaption>
    </figure>
  );
}
