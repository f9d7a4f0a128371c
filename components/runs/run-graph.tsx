"use client";

import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { Background, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import type { StepStatus } from "@/lib/runs/status";
import { layoutGraph, type GraphNodeData } from "@/components/pipelines/graph/graph-model";
import type { PipelineSpec } from "@/lib/pipelines/spec";
import { STATUS_STYLE } from "./status-badge";

type StepNodeData = GraphNodeData & { status: StepStatus; selected: boolean; onOpen: () => void };
type RunNode = Node<StepNodeData, "step"> | Node<{ label: string }, "terminal">;

/** A step: its full name on hover (the box truncates), a button that opens the step's panel. */
function RunStepNode({ data }: NodeProps<Node<StepNodeData, "step">>) {
  return (
    <button
      type="button"
      onClick={data.onOpen}
      title={`${data.title} — ${STATUS_STYLE[data.status].label}. Open its details.`}
      aria-pressed={data.selected}
      data-testid="run-graph-node"
      data-status={data.status}
      className={`h-16 w-60 cursor-pointer rounded-lg border-2 px-3 py-2 text-left shadow-sm hover:ring-2 hover:ring-brand-300 focus-visible:ring-2 focus-visible:ring-brand-600 ${STATUS_STYLE[data.status].node} ${data.selected ? "ring-2 ring-brand-600" : ""}`}
    >
      <Handle type="target" position={Position.Top} className="!bg-slate-400" />
      <span className="block truncate text-sm font-medium text-slate-900">{data.title}</span>
      <span className="block truncate text-xs text-slate-700">{STATUS_STYLE[data.status].label}</span>
      <Handle type="source" position={Position.Bottom} className="!bg-slate-400" />
    </button>
  );
}

/** Start and End, as the console draws them. */
function TerminalNode({ data }: NodeProps<Node<{ label: string }, "terminal">>) {
  return (
    <div data-testid="run-graph-terminal" className="flex h-10 w-24 items-center justify-center rounded-full border-2 border-slate-400 bg-slate-50 text-sm font-medium text-slate-800">
      <Handle type="target" position={Position.Top} className="!bg-slate-400" />
      {data.label}
      <Handle type="source" position={Position.Bottom} className="!bg-slate-400" />
    </div>
  );
}

const NODE_TYPES = { step: RunStepNode, terminal: TerminalNode };
const TERMINAL = { width: 96, height: 40, gap: 40 };

/** Start above the first step and End below the last, centred on them, joined like the steps are. */
function withTerminals(nodes: RunNode[], edges: Edge[]): { nodes: RunNode[]; edges: Edge[] } {
  const steps = nodes.filter((n) => n.type === "step");
  const first = steps[0];
  const last = steps.at(-1);
  if (!first || !last) return { nodes, edges };
  const centre = (n: RunNode) => n.position.x + (n.width ?? 0) / 2 - TERMINAL.width / 2;
  const start: RunNode = { id: "start", type: "terminal", data: { label: "Start" }, position: { x: centre(first), y: first.position.y - TERMINAL.height - TERMINAL.gap }, width: TERMINAL.width, height: TERMINAL.height };
  const end: RunNode = { id: "end", type: "terminal", data: { label: "End" }, position: { x: centre(last), y: last.position.y + (last.height ?? 0) + TERMINAL.gap }, width: TERMINAL.width, height: TERMINAL.height };
  const style = { stroke: "#94a3b8" };
  return { nodes: [start, ...nodes, end], edges: [{ id: "e-start", source: "start", target: first.id, style }, ...edges, { id: "e-end", source: last.id, target: "end", style }] };
}

/**
 * The pipeline's graph (the Pipelines UI's layout) with Start and End, each node coloured by its step's status in
 * this run; clicking a node opens that step's panel (`onOpen` with the step's position). Only the nodes' own buttons
 * take focus, so each step is one tab stop.
 */
export function RunGraph({ spec, statuses, selected, onOpen }: { spec: PipelineSpec; statuses: StepStatus[]; selected: number | null; onOpen: (position: number) => void }) {
  const layout = useMemo(() => layoutGraph({ kind: "spec", spec }), [spec]);
  // React Flow lets clicks through only to nodes it can select or drag; these open a panel instead.
  const stepNodes: RunNode[] = layout.nodes.map((node, i) => ({ ...node, style: { pointerEvents: "all" }, data: { ...node.data, status: statuses[i] ?? "PENDING", selected: selected === i, onOpen: () => onOpen(i) } }));
  const graph = withTerminals(stepNodes, layout.edges);
  return (
    <figure aria-label="Run graph: select a step to open its details" className="h-[420px] rounded-xl border border-slate-200 bg-white">
      <ReactFlow nodes={graph.nodes} edges={graph.edges} nodeTypes={NODE_TYPES} fitView nodesDraggable={false} nodesConnectable={false} elementsSelectable={false} nodesFocusable={false} edgesFocusable={false} proOptions={{ hideAttribution: true }}>
        <Background />
      </ReactFlow>
    </figure>
  );
}
