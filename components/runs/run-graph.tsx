"use client";

import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { Background, Handle, Position, ReactFlow, type Node, type NodeProps } from "@xyflow/react";
import type { StepStatus } from "@/lib/runs/status";
import { layoutGraph, type GraphNodeData } from "@/components/pipelines/graph/graph-model";
import type { PipelineSpec } from "@/lib/pipelines/spec";
import { STATUS_STYLE } from "./status-badge";

type RunNode = Node<GraphNodeData & { status: StepStatus }, "step">;

function RunStepNode({ data }: NodeProps<RunNode>) {
  return (
    <div data-testid="run-graph-node" data-status={data.status} className={`h-16 w-60 rounded-lg border-2 px-3 py-2 text-left shadow-sm ${STATUS_STYLE[data.status].node}`}>
      <Handle type="target" position={Position.Top} className="!bg-slate-400" />
      <div className="truncate text-sm font-medium text-slate-900">{data.title}</div>
      <div className="truncate text-xs text-slate-600">{STATUS_STYLE[data.status].label}</div>
      <Handle type="source" position={Position.Bottom} className="!bg-slate-400" />
    </div>
  );
}

const NODE_TYPES = { step: RunStepNode };

/** The pipeline's graph (the Pipelines UI's layout) with each node coloured by its step's status in this run. */
export function RunGraph({ spec, statuses }: { spec: PipelineSpec; statuses: StepStatus[] }) {
  const layout = useMemo(() => layoutGraph({ kind: "spec", spec }), [spec]);
  const nodes: RunNode[] = layout.nodes.map((node, i) => ({ ...node, data: { ...node.data, status: statuses[i] ?? "PENDING" } }));
  return (
    <figure aria-label="Run graph" className="h-[340px] rounded-xl border border-slate-200 bg-white">
      <ReactFlow nodes={nodes} edges={layout.edges} nodeTypes={NODE_TYPES} fitView nodesDraggable={false} nodesConnectable={false} elementsSelectable={false} proOptions={{ hideAttribution: true }}>
        <Background />
      </ReactFlow>
    </figure>
  );
}
