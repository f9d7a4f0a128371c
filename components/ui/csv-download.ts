import { toCsv } from "@/lib/audit/csv";

/**
 * Saves rows as a CSV file from the browser (RFC 4180, formula-looking cells defused by toCsv), for
 * exports of what a page already holds, such as a selection.
 */
export function downloadCsv(filename: string, header: readonly string[], rows: readonly (readonly unknown[])[]): void {
  const url = URL.createObjectURL(new Blob([toCsv(header, rows)], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  // The click has handed the blob to the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
