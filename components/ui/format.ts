const DATE_TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** Dates in UTC, the same on the server and in every browser (no hydration mismatch); "—" for none. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return `${DATE_TIME.format(new Date(value))} UTC`;
}

export const shortHash = (hash: string) => hash.slice(0, 12);

/**
 * Durations as people read them: 420 ms, 1.4 s, 42 s, 3 min 5 s, 2 h 10 min. Under ten seconds keeps its
 * fraction: embedded jobs take well under a second, and "0 s" would say nothing.
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 9950) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function durationBetween(start: Date | string | null | undefined, end: Date | string | null | undefined, now = Date.now()): number | null {
  if (!start) return null;
  return (end ? new Date(end).getTime() : now) - new Date(start).getTime();
}
