import type { findPipeline, listEnvironments } from "@/lib/pipelines/queries";

export type PipelineDetail = NonNullable<Awaited<ReturnType<typeof findPipeline>>>;
export type PipelineVersionSummary = PipelineDetail["versions"][number];
export type EnvironmentOption = Awaited<ReturnType<typeof listEnvironments>>[number];
