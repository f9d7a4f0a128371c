import "server-only";
import type { PrismaClient, Prisma, RunStatus, StepStatus } from "@/generated/prisma/client";

/** Whose runs the grid shows: one model's, or every model's on one pipeline (any of its versions). */
export type GridScope = { modelId: string } | { pipelineId: string };

export const GRID_RUNS = 30;
/** Fewer on a model's page, where the grid sits under the run history. */
export const GRID_RUNS_ON_MODEL_PAGE = 15;

export type GridCell = { status: StepStatus; durationMs: number | null };
export type GridRun = { id: string; executionName: string; status: RunStatus; createdAt: Date; durationMs: number | null; model: string; pipelineVersion: number; cells: Record<string, GridCell> };
export type RunGrid = { steps: string[]; runs: GridRun[] };

const span = (from: Date | null, to: Date | null) => (from && to ? to.getTime() - from.getTime() : null);

/**
 * Steps in pipeline order: by their position, a step of newer runs first when two share a position (a pipeline
 * whose versions renamed or added steps shows every step any of these runs had).
 */
function stepOrder(runs: { steps: { name: string; position: number }[] }[]): string[] {
  const position = new Map<string, number>();
  for (const run of runs) for (const step of run.steps) if (!position.has(step.name)) position.set(step.name, step.position);
  return [...position.keys()].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
}

/**
 * Airflow's grid: the last runs of a model or pipeline as columns (oldest left, newest right) and their steps as
 * rows, each cell the step's status in that run. One query on the (model_id, created_at) or (created_at) indexes.
 */
export async function runGrid(db: PrismaClient, scope: GridScope, limit = GRID_RUNS): Promise<RunGrid> {
  const where: Prisma.RunWhereInput = "modelId" in scope ? { modelId: scope.modelId } : { pipelineVersion: { pipelineId: scope.pipelineId } };
  const rows = await db.run.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      executionName: true,
      status: true,
      createdAt: true,
      startedAt: true,
      stoppedAt: true,
      model: { select: { slug: true } },
      pipelineVersion: { select: { version: true } },
      steps: { select: { name: true, position: true, status: true, startedAt: true, endedAt: true }, orderBy: { position: "asc" } },
    },
  });
  const runs = [...rows].reverse().map((run) => ({
    id: run.id,
    executionName: run.executionName,
    status: run.status,
    createdAt: run.createdAt,
    durationMs: span(run.startedAt, run.stoppedAt),
    model: run.model.slug,
    pipelineVersion: run.pipelineVersion.version,
    cells: Object.fromEntries(run.steps.map((s) => [s.name, { status: s.status, durationMs: span(s.startedAt, s.endedAt) }])),
  }));
  // Newest first, so the newest runs' step positions win.
  return { steps: stepOrder(rows), runs };
}

/** The model or pipeline a grid is about, by name (null when it does not exist). */
export async function gridSubject(db: PrismaClient, scope: GridScope): Promise<{ kind: "model" | "pipeline"; name: string } | null> {
  if ("modelId" in scope) {
    const model = await db.model.findUnique({ where: { id: scope.modelId }, select: { slug: true } });
    return model ? { kind: "model", name: model.slug } : null;
  }
  const pipeline = await db.pipeline.findUnique({ where: { id: scope.pipelineId }, select: { name: true } });
  return pipeline ? { kind: "pipeline", name: pipeline.name } : null;
}
