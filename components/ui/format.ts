const DATE_TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Dates in UTC, the same on the server and in every browser (no hydration mismatch). */
export function formatDateTime(date: Date): string {
  return `${DATE_TIME.format(date)} UTC`;
}

export const shortHash = (hash: string) => hash.slice(0, 12);
