"use client";

import { Handle, Position, type NodeProps } from "@xyflow/react";
import type { GraphNode } from "./graph-model";
import { KIND_STYLE } from "./step-kind-badge";

/** A step in the graph: its name, its kind by colour, and what it reads from the model. */
export function GraphStepNode({ data }: NodeProps<GraphNode>) {
  return (
    <div data-testid="graph-node" className={`h-16 w-60 rounded-lg border-2 px-3 py-2 text-left shadow-sm ${KIND_STYLE[data.kind].node}`}>
      <Handle type="target" position={Position.Top} className="!bg-slate-400" />
      <div className="truncate text-sm font-medium text-slate-900">{data.title}</div>
      <div className="truncate text-xs text-slate-600">
        {KIND_STYLE[data.kind].label} · {data.subtitle}
      </div>
      <Handle type="source" position={Position.Bottom} className="!bg-slate-400" />
    </div>
  );
}
