import { describe, expect, it } from "vitest";
import { ARTICLE_PIPELINE } from "@/lib/pipelines/fixtures/article-pipeline";
import { layoutGraph } from "./graph-model";

describe("pipeline graph", () => {
  it("has a node per step, laid out top to bottom, and data-flow edges labelled with the output read", () => {
    const { nodes, edges } = layoutGraph({ kind: "spec", spec: ARTICLE_PIPELINE });
    expect(nodes.map((n) => n.data.title)).toEqual(ARTICLE_PIPELINE.steps.map((s) => s.name));
    expect(nodes[0]!.position.y).toBeLessThan(nodes[1]!.position.y);
    expect(edges.map((e) => [e.source, e.target, e.label, e.animated])).toEqual([
      ["step-0", "step-1", "features", true],
      ["step-1", "step-2", "predictions", true],
    ]);
  });

  it("draws an order edge where no data flows between consecutive steps", () => {
    const [pre, infer] = ARTICLE_PIPELINE.steps;
    const spec = { ...ARTICLE_PIPELINE, steps: [pre!, { ...infer!, inputs: [] }] };
    expect(layoutGraph({ kind: "spec", spec }).edges.map((e) => [e.source, e.target, e.animated])).toEqual([["step-0", "step-1", false]]);
  });

  it("draws a raw definition's states and their transitions", () => {
    const definition = { StartAt: "A", States: { A: { Type: "Choice", Choices: [{ Next: "B" }], Default: "C" }, B: { Type: "Pass", Next: "C" }, C: { Type: "Succeed" } } };
    const { nodes, edges } = layoutGraph({ kind: "raw", definition });
    expect(nodes.map((n) => `${n.id}:${n.data.subtitle}`)).toEqual(["A:Choice", "B:Pass", "C:Succeed"]);
    expect(edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual(["A->B", "A->C", "B->C"]);
  });
});
