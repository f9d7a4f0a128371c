/**
 * Phase timestamps for the benchmark (scripts/bench/engine.bench.ts), which runs the engine in its own
 * process and wants to know where a job's time goes. Off unless a tracer is installed: the engine itself
 * never reads these, and with no tracer a mark costs one comparison.
 */
export type TracePhase =
  | "task.entered"
  | "job.created"
  | "job.dequeued"
  | "job.staged"
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

/** `subject` is the processing job's name: Step Functions marks use the job name its task creates. */
export function mark(subject: string, phase: TracePhase): void {
  if (tracer) tracer(subject, phase, performance.now());
}
