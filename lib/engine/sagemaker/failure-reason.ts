/** SageMaker caps FailureReason and ExitMessage at 1 KB. */
export const REASON_LIMIT = 1024;

/**
 * `AlgorithmError: ...` for a container that exited non-zero, ending with the tail of its stderr: the last
 * lines of a Python traceback say what went wrong, so the start of stderr is what gets cut.
 */
export function algorithmError(exitCode: number, stderrTail: string): string {
  const head = `AlgorithmError: the container exited with code ${exitCode}`;
  const tail = stderrTail.trim();
  if (tail === "") return clip(`${head}. See the job log for details.`);
  const room = REASON_LIMIT - head.length - 2;
  const shown = tail.length > room ? `...${tail.slice(tail.length - room + 3)}` : tail;
  return `${head}: ${shown}`;
}

export function runtimeExceeded(maxRuntimeInSeconds: number): string {
  return `ClientError: the processing job exceeded MaxRuntimeInSeconds (${maxRuntimeInSeconds} s) and was stopped.`;
}

/** Keeps the start of a message within the 1 KB SageMaker allows. */
export function clip(message: string): string {
  return message.length > REASON_LIMIT ? `${message.slice(0, REASON_LIMIT - 3)}...` : message;
}

/** An error's message without a leading `ClientError: `, for wrapping it in a more specific one. */
export function causeOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^ClientError: /, "");
}
