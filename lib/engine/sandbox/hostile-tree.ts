import { constants, type Dirent, type Stats } from "node:fs";
import { lstat, open, readdir, type FileHandle } from "node:fs/promises";
import path from "node:path";

/**
 * Reading what a job left behind. Once the job has run, everything under its /opt/ml is the job's: any name
 * may be a symbolic link to a host file, a FIFO that blocks a reader forever, or a file far larger than
 * expected. These helpers never follow a link (each folder is lstat'ed, each file opened with O_NOFOLLOW and
 * checked through its descriptor), never block on a special file, and never read past a cap. The job's
 * processes are all gone by then (its PID namespace died with it), so nothing changes the tree under them.
 */

/** What a tree holds besides regular files and folders, named for the job's log. */
export type SkippedKind = "symbolic link" | "hard-linked file" | "FIFO" | "socket" | "device" | "unknown entry";

/** A folder the engine expected is a link, a file, or missing; `relative` is where, inside the checked root. */
export class HostileTreeError extends Error {
  constructor(
    readonly relative: string,
    readonly problem: "is a symbolic link" | "is not a folder" | "does not exist" | "leaves its root",
  ) {
    super(`${relative || "."} ${problem}`);
  }
}

/**
 * The host path of `relative` (a path inside `root`, such as `processing/output`), checking that `root` and
 * every folder on the way is a real folder, not a link. Throws HostileTreeError saying what is wrong.
 */
export async function resolveFolder(root: string, relative: string): Promise<string> {
  let current = root;
  let inside = "";
  for (const part of ["", ...relative.split("/").filter((p) => p !== "" && p !== ".")]) {
    if (part === "..") throw new HostileTreeError(relative, "leaves its root");
    current = part ? path.join(current, part) : current;
    inside = part ? path.posix.join(inside, part) : inside;
    const stat = await lstat(current).catch((error: unknown) => {
      if (error instanceof Error && "code" in error && error.code === "ENOENT") throw new HostileTreeError(inside, "does not exist");
      throw error;
    });
    if (stat.isSymbolicLink()) throw new HostileTreeError(inside, "is a symbolic link");
    if (!stat.isDirectory()) throw new HostileTreeError(inside, "is not a folder");
  }
  return current;
}

/**
 * Opens a regular file without following a link at its last component and without blocking on a FIFO.
 * Returns undefined, with the reason, for anything else: a link, a special file, or a file with other hard
 * links (its bytes may belong to a file the job could not read by name).
 */
export async function openRegularFile(file: string): Promise<{ handle: FileHandle; stat: Stats } | { refused: SkippedKind | "missing" }> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = error instanceof Error && "code" in error ? error.code : undefined;
    if (code === "ELOOP") return { refused: "symbolic link" };
    if (code === "ENOENT") return { refused: "missing" };
    if (code === "ENXIO") return { refused: "socket" };
    throw error;
  }
  const stat = await handle.stat();
  const refused = !stat.isFile() ? kindOf(stat) : stat.nlink > 1 ? "hard-linked file" : undefined;
  if (!refused) return { handle, stat };
  await handle.close();
  return { refused };
}

/** Up to `maxBytes` of a regular file, or why it was not read. */
export async function readCapped(file: string, maxBytes: number): Promise<{ bytes: Buffer } | { refused: SkippedKind | "missing" }> {
  const opened = await openRegularFile(file);
  if ("refused" in opened) return opened;
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await opened.handle.read(buffer, 0, maxBytes, 0);
    return { bytes: buffer.subarray(0, bytesRead) };
  } finally {
    await opened.handle.close();
  }
}

export interface TreeFile {
  /** Relative to the walked folder, with `/` separators. */
  relative: string;
  size: number;
}

export interface TreeListing {
  /** Regular files with no other hard link. */
  files: TreeFile[];
  skipped: Array<{ relative: string; kind: SkippedKind }>;
  /** Bytes the tree takes on disk: every folder and file once (a hard-linked file counts once, sparse files as allocated). */
  allocated: number;
}

/** Every regular file under `dir` (itself a checked folder), every entry skipped, and the space they take. */
export async function listTree(dir: string): Promise<TreeListing> {
  const listing: TreeListing = { files: [], skipped: [], allocated: 0 };
  const counted = new Set<number>();
  await walk(dir, "", listing, counted);
  listing.files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  return listing;
}

async function walk(dir: string, prefix: string, listing: TreeListing, counted: Set<number>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const relative = prefix + entry.name;
      const full = path.join(dir, entry.name);
      if (!entry.isDirectory() && !entry.isFile()) return void listing.skipped.push({ relative, kind: kindOf(entry) });
      const stat = await lstat(full);
      if (!counted.has(stat.ino)) listing.allocated += stat.blocks * 512;
      counted.add(stat.ino);
      if (entry.isDirectory()) return walk(full, `${relative}/`, listing, counted);
      if (stat.nlink > 1) return void listing.skipped.push({ relative, kind: "hard-linked file" });
      listing.files.push({ relative, size: stat.size });
    }),
  );
}

function kindOf(entry: Dirent | Stats): SkippedKind {
  if (entry.isSymbolicLink()) return "symbolic link";
  if (entry.isFIFO()) return "FIFO";
  if (entry.isSocket()) return "socket";
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return "device";
  return "unknown entry";
}
