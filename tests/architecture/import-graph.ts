import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** One import between two files of the project, both as paths relative to its root ("lib/runs/status.ts"). */
export type Import = { from: string; to: string };

const SOURCE = /\.(ts|tsx)$/;
const SKIPPED_FOLDERS = new Set(["node_modules", "generated", ".ferry", "test-results", "playwright-report"]);
const CANDIDATES = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"];

function sourceFiles(root: string, folder: string): string[] {
  const absolute = path.join(root, folder);
  if (!existsSync(absolute)) return [];
  if (statSync(absolute).isFile()) return SOURCE.test(folder) ? [folder] : [];
  return readdirSync(absolute, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory() && (SKIPPED_FOLDERS.has(entry.name) || entry.name.startsWith(".next"))) return [];
    return sourceFiles(root, path.posix.join(folder, entry.name));
  });
}

/** The project file a specifier names, or null for a package (or a file that does not exist: tsc reports those). */
function resolve(root: string, from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? specifier.slice(2) : specifier.startsWith(".") ? path.posix.join(path.posix.dirname(from), specifier) : null;
  if (base === null) return null;
  for (const candidate of CANDIDATES) {
    const file = path.posix.normalize(base + candidate);
    if (SOURCE.test(file) && existsSync(path.join(root, file))) return file;
  }
  return null;
}

/**
 * Every import between the project's own TypeScript files under `folders`: static, dynamic, `import type` and
 * re-exports alike (a type-only arrow still ties two floors together). Read with TypeScript's own pre-processor,
 * so the answer does not depend on how a line is formatted.
 */
export function importGraph(root: string, folders: readonly string[]): { files: string[]; imports: Import[] } {
  const files = folders.flatMap((folder) => sourceFiles(root, folder));
  const imports = files.flatMap((from) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(root, from), "utf8"), true, true);
    return importedFiles.flatMap(({ fileName }) => {
      const to = resolve(root, from, fileName);
      return to ? [{ from, to }] : [];
    });
  });
  return { files, imports };
}

/** Groups of files that import each other round in a circle (Tarjan's strongly connected components). */
export function circles(imports: readonly Import[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of imports) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];

  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || (next.get(file) ?? []).includes(file)) found.push(group.sort());
  };

  for (const file of next.keys()) if (!index.has(file)) visit(file);
  return found;
}
