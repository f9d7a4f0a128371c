import { AppError } from "@/lib/commands/errors";
import { PipelineDraft } from "@/lib/pipelines/draft";
import { buildExecutionInput } from "@/lib/pipelines/input";
import { versionDownload } from "../version-download";
import { sampleBinding } from "@/lib/pipelines/sample-binding";

export const GET = versionDownload("sample-input", (version) => {
  const draft = PipelineDraft.safeParse(version.spec);
  if (!draft.success || draft.data.kind !== "spec") {
    throw new AppError("INVALID_INPUT", "A raw definition has no generated execution input; write one that matches its states' parameters.");
  }
  const input = buildExecutionInput(draft.data.spec, sampleBinding(draft.data.spec));
  if (!input.success) throw new AppError("INVALID_INPUT", `The sample input does not fit this version: ${input.error.issues[0]?.message ?? "unknown problem"}`);
  return input.data;
});
