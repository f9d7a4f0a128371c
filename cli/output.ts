export type OutputFormat = "text" | "json";

/** What a command prints: JSON on stdout for scripts, or lines for people. Progress always goes to stderr. */
export function printer(format: OutputFormat) {
  return {
    json: format === "json",
    result(value: unknown, text: () => string) {
      process.stdout.write(format === "json" ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
    },
    progress(line: string) {
      process.stderr.write(`${line}\n`);
    },
  };
}
export type Printer = ReturnType<typeof printer>;

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join("\n");
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
