import type { z } from "zod";
import { PipelineSpec } from "@/lib/pipelines/spec";

/** One zod issue, flattened for display: `path` is dotted ("steps.1.key") so fields can find their own. */
export type SpecIssue = { path: string; message: string };

function messageOf(issue: z.core.$ZodIssue): string {
  // A bad record key (an environment variable name) carries the useful message one level down.
  if (issue.code === "invalid_key") return issue.issues[0]?.message ?? issue.message;
  return issue.message;
}

export function specIssues(spec: PipelineSpec): SpecIssue[] {
  const result = PipelineSpec.safeParse(spec);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: messageOf(issue) }));
}

export function issuesByPath(issues: readonly SpecIssue[]): ReadonlyMap<string, string[]> {
  const map = new Map<string, string[]>();
  for (const issue of issues) map.set(issue.path, [...(map.get(issue.path) ?? []), issue.message]);
  return map;
}

/** "Step 2 (infer) › inputs 1 › source": where an issue is, in the words of the form. */
export function describePath(spec: PipelineSpec, path: string): string {
  const [head, index, ...rest] = path.split(".");
  if (head !== "steps" || index === undefined) return head || "Pipeline";
  const step = spec.steps[Number(index)];
  const where = `Step ${Number(index) + 1}${step?.key ? ` (${step.key})` : ""}`;
  const detail = rest.map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part)).join(" › ");
  return detail ? `${where} › ${detail}` : where;
}
