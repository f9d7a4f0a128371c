import dagre from "@dagrejs/dagre";
import type { Edge, Node } from "@xyflow/react";
import type { PipelineSpec } from "@/lib/pipelines/spec";

export type GraphNodeData = { title: string; subtitle: string; kind: "script" | "container" | "raw" };
export type GraphNode = Node<GraphNodeData, "step">;

const NODE_WIDTH = 240;
const NODE_HEIGHT = 64;

type Link = { source: string; target: string; label?: string; data: boolean };

function describeInputs(step: PipelineSpec["steps"][number]): string {
  const model = step.inputs.filter((i) => i.source.type !== "step-output").map((i) => (i.source.type === "model-code" ? "code" : "data"));
  return [`key ${step.key || "?"}`, model.length ? `reads model ${[...new Set(model)].join(" + ")}` : null].filter(Boolean).join(" · ");
}

/** Steps in order (dashed "runs next" edges) and data flow (solid, labelled with the output read). */
function specGraph(spec: PipelineSpec): { nodes: { id: string; data: GraphNodeData }[]; links: Link[] } {
  const indexOfKey = new Map<string, number>();
  spec.steps.forEach((s, i) => {
    if (!indexOfKey.has(s.key)) indexOfKey.set(s.key, i);
  });
  const nodes = spec.steps.map((step, i) => ({ id: `step-${i}`, data: { title: step.name || "(unnamed step)", subtitle: describeInputs(step), kind: step.kind } }));
  const data: Link[] = spec.steps.flatMap((step, i) =>
    step.inputs.flatMap((input) => {
      if (input.source.type !== "step-output") return [];
      const from = indexOfKey.get(input.source.step);
      return from === undefined || from >= i ? [] : [{ source: `step-${from}`, target: `step-${i}`, label: input.source.output, data: true }];
    }),
  );
  const order: Link[] = spec.steps.slice(1).flatMap((_, i) =>
    data.some((l) => l.source === `step-${i}` && l.target === `step-${i + 1}`) ? [] : [{ source: `step-${i}`, target: `step-${i + 1}`, data: false }],
  );
  return { nodes, links: [...order, ...data] };
}

const TRANSITIONS = ["Next", "Default"] as const;

/** A raw definition's top-level states and where each can go next (Next, Default, Choices, Catch). */
function rawGraph(definition: Record<string, unknown>): { nodes: { id: string; data: GraphNodeData }[]; links: Link[] } {
  const states = definition.States && typeof definition.States === "object" ? (definition.States as Record<string, unknown>) : {};
  const names = Object.keys(states);
  const links: Link[] = [];
  const nodes = names.map((name) => {
    const state = (states[name] ?? {}) as Record<string, unknown>;
    const targets = [
      ...TRANSITIONS.map((k) => state[k]),
      ...[state.Choices, state.Catch].flatMap((list) => (Array.isArray(list) ? list.map((c: unknown) => (c as Record<string, unknown> | null)?.Next) : [])),
    ].filter((t): t is string => typeof t === "string" && names.includes(t));
    for (const target of new Set(targets)) links.push({ source: name, target, data: false });
    return { id: name, data: { title: name, subtitle: String(state.Type ?? "?"), kind: "raw" as const } };
  });
  return { nodes, links };
}

/** Nodes and edges for React Flow, placed top to bottom by dagre. */
export function layoutGraph(source: { kind: "spec"; spec: PipelineSpec } | { kind: "raw"; definition: Record<string, unknown> }): { nodes: GraphNode[]; edges: Edge[] } {
  const { nodes, links } = source.kind === "spec" ? specGraph(source.spec) : rawGraph(source.definition);
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 50 });
  graph.setDefaultEdgeLabel(() => ({}));
  nodes.forEach((n) => graph.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT }));
  links.forEach((l) => graph.setEdge(l.source, l.target));
  dagre.layout(graph);
  return {
    nodes: nodes.map((n) => {
      const placed = graph.node(n.id);
      return { id: n.id, type: "step", data: n.data, width: NODE_WIDTH, height: NODE_HEIGHT, position: { x: placed.x - NODE_WIDTH / 2, y: placed.y - NODE_HEIGHT / 2 } };
    }),
    edges: links.map((l, i) => ({
      id: `e${i}-${l.source}-${l.target}`,
      source: l.source,
      target: l.target,
      ...(l.label ? { label: l.label } : {}),
      animated: l.data,
      style: l.data ? { stroke: "#1d5fd6", strokeWidth: 2 } : { stroke: "#94a3b8", strokeDasharray: "5 4" },
    })),
  };
}
