import type { PipelineDraft } from "@/lib/pipelines/draft";
import type { PipelineDetail } from "@/lib/pipelines/queries";

/**
 * A stored draft that no longer parses (written by an older Ferry) opens as raw JSON, so nothing is lost and
 * the editor's validation says what to fix.
 */
export function draftForEditor(pipeline: Pick<PipelineDetail, "draft" | "draftSpec">): PipelineDraft {
  if (pipeline.draft) return pipeline.draft;
  const stored = pipeline.draftSpec;
  return { kind: "raw", definition: stored && typeof stored === "object" && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {} };
}
