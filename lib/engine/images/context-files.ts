import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { lstat, open, readdir } from "node:fs/promises";
import path from "node:path";
import { DockerfileError } from "./dockerfile";

export interface ContextEntry {
  /** Posix path relative to the context. */
  path: string;
  kind: "file" | "dir";
}

/**
 * Every file and folder of a build context, as posix paths relative to it. Entries are read without
 * following links (readdir's file types come from lstat), folders are entered only when they are real
 * folders, and anything but a regular file or a folder (a symlink, a FIFO, a device) refuses the whole
 * context: building it must never read or copy something outside it.
 */
export async function listContext(contextDir: string): Promise<ContextEntry[]> {
  const entries: ContextEntry[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const dirent of await readdir(path.join(contextDir, relative), { withFileTypes: true })) {
      const entry = relative ? `${relative}/${dirent.name}` : dirent.name;
      if (dirent.isDirectory()) {
        entries.push({ path: entry, kind: "dir" });
        await walk(entry);
      } else if (dirent.isFile()) {
        entries.push({ path: entry, kind: "file" });
      } else {
        throw new DockerfileError(`The build context holds '${entry}', which is ${dirent.isSymbolicLink() ? "a symbolic link" : "not a regular file"}; a build context may hold only files and folders.`);
      }
    }
  };
  await walk("");
  return entries;
}

/**
 * The content address of a build context: `sha256:` + SHA-256 of the JSON list of `[path, sha256(file)]`
 * for every file, sorted by the paths' UTF-8 bytes. Timestamps, modes and empty folders do not count.
 */
export async function contextDigest(contextDir: string, entries: readonly ContextEntry[]): Promise<string> {
  const files = entries.filter((e) => e.kind === "file").map((e) => e.path);
  files.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const manifest: Array<[string, string]> = [];
  for (const file of files) manifest.push([file, await sha256File(path.join(contextDir, file))]);
  return `sha256:${createHash("sha256").update(JSON.stringify(manifest)).digest("hex")}`;
}

/** Bytes of a context's files: the size of the image's one layer. */
export async function contextSize(contextDir: string, entries: readonly ContextEntry[]): Promise<number> {
  let size = 0;
  for (const entry of entries) if (entry.kind === "file") size += (await lstat(path.join(contextDir, entry.path))).size;
  return size;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  for await (const chunk of handle.createReadStream()) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Sources of a COPY matched against the context: Docker's wildcards `*` and `?` within one path segment. */
export function matchSources(pattern: string, contextEntries: readonly string[]): string[] {
  const clean = path.posix.normalize(pattern.replace(/^\/+/, "")).replace(/\/+$/, "");
  if (clean === "." || clean === "") return ["."];
  if (clean.startsWith("..")) throw new DockerfileError(`COPY source '${pattern}' is outside the build context`);
  if (!/[*?[]/.test(clean)) return [clean];
  const regex = new RegExp(`^${clean.split("").map(globChar).join("")}$`);
  return contextEntries.filter((entry) => regex.test(entry));
}

function globChar(ch: string): string {
  if (ch === "*") return "[^/]*";
  if (ch === "?") return "[^/]";
  return ch.replace(/[.+^${}()|\\]/g, "\\$&");
}
