/**
 * Phase timestamps for the benchmark (scripts/bench/engine.bench.ts), which runs the engine in its own
 * process and wants to know where a job's time goes. Off unless a tracer is installed: the engine itself
 * never reads these, and with no tracer a mark costs one comparison.
 */
export type TracePhase =
  | "execution.started"
  | "execution.finished"
  | "task.entered"
  | "job.created"
  | "job.dequeued"
  | "job.staged"
  | "job.spawning"
  | "job.spawned"
  | "job.exited"
  | "job.uploaded"
  | "job.recorded"
  | "task.resumed";

export type Tracer = (subject: string, phase: TracePhase, atMs: number) => void;

let tracer: Tracer | undefined;

/** Installs (or, with undefined, removes) the process-wide tracer. */
export function setTracer(next: Tracer | undefined): void {
  tracer = next;
}

/**
 * `subject` is an execution's name for `execution.*`, otherwise a processing job's name (a task's marks use
 * the name of the job it creates).
 */
export function mark(subject: string, phase: TracePhase): void {
  if (tracer) tracer(subject, phase, performance.now());
}
