import { readdir } from "node:fs/promises";
import path from "node:path";

/** Every file and folder of a build context, as posix paths relative to it. */
export async function listContext(contextDir: string): Promise<string[]> {
  const entries = await readdir(contextDir, { recursive: true });
  return entries.map((entry) => entry.split(path.sep).join("/"));
}

/** Sources of a COPY matched against the context: Docker's wildcards `*` and `?` within one path segment. */
export function matchSources(pattern: string, contextEntries: readonly string[]): string[] {
  const clean = path.posix.normalize(pattern.replace(/^\/+/, "")).replace(/\/+$/, "");
  if (clean === "." || clean === "") return ["."];
  if (clean.startsWith("..")) throw new Error(`COPY source '${pattern}' is outside the build context`);
  if (!/[*?[]/.test(clean)) return [clean];
  const regex = new RegExp(`^${clean.split("").map(globChar).join("")}$`);
  return contextEntries.filter((entry) => regex.test(entry));
}

function globChar(ch: string): string {
  if (ch === "*") return "[^/]*";
  if (ch === "?") return "[^/]";
  return ch.replace(/[.+^${}()|\\]/g, "\\$&");
}
