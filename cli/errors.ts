/** Exit codes: a run's outcome for `runs start --wait`, and these for everything else. */
export const EXIT = { ok: 0, failed: 1, succeededWithFailedSteps: 2, usage: 3 } as const;

/** Wrong arguments, no or a refused token: exit 3. */
export class UsageError extends Error {}

/** An API answer that is not a success, with its problem details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; errors?: { field: string; detail: string }[] },
  ) {
    const fields = problem.errors?.map((e) => `\n  ${e.field}: ${e.detail}`).join("") ?? "";
    super(`${problem.detail ?? problem.title ?? `HTTP ${status}`}${fields}`);
  }
}
