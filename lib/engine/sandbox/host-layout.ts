import { lstat, readlink, realpath } from "node:fs/promises";
import path from "node:path";
import type { HostLayout } from "./bwrap-args";

const TOP_LEVEL = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

/** Reads which top-level system folders exist on this host and which are merged-/usr symlinks. */
export async function readHostLayout(): Promise<HostLayout> {
  const topLevel: Record<string, string | null> = {};
  for (const dir of TOP_LEVEL) {
    const stat = await lstat(dir).catch(() => undefined);
    if (!stat) continue;
    topLevel[dir] = stat.isSymbolicLink() ? await readlink(dir) : null;
  }
  return { topLevel };
}

/**
 * Resolves the interpreter to its real file, and the folder that must be bound read-only for it to find its
 * standard library when it lives outside /usr (e.g. a pyenv build): its prefix, two levels above the binary.
 */
export async function resolvePython(python: string): Promise<{ executable: string; extraReadOnly: string[] }> {
  const executable = await realpath(python).catch(() => {
    throw new Error(`ClientError: the Python interpreter ${python} configured for this image does not exist on the engine's host (set FERRY_ENGINE_PYTHON or the image's "python").`);
  });
  const prefix = path.dirname(path.dirname(executable));
  return { executable, extraReadOnly: executable.startsWith("/usr/") ? [] : [prefix] };
}
