import { chmod, readdir, rm, rmdir, unlink } from "node:fs/promises";
import path from "node:path";

/**
 * Removes a folder and everything in it, or nothing if it is not there. One `readdir` per folder, one
 * `unlink` per file and one `rmdir` per folder: about half the calls `fs.rm({ recursive })` makes in Node
 * 20 (it stats every entry and tries `rmdir` before listing), and a finished job's tree is removed while the
 * next job of its pipeline is being staged. The tree is the job's: links are removed, never followed, and
 * folders the job made unreadable or unwritable are opened up again first (jobs that run as the engine's own
 * user own them; root needs no permission).
 */
export async function removeTree(dir: string): Promise<void> {
  try {
    await removeContents(dir);
    await rmdir(dir);
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return;
    await unlockFolders(dir);
    await rm(dir, { recursive: true, force: true });
  }
}

async function removeContents(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const child = path.join(dir, entry.name);
      if (!entry.isDirectory()) return unlink(child);
      await removeContents(child);
      await rmdir(child);
    }),
  );
}

/** chmod follows links, so it is only ever given what readdir reported as a folder (or the root itself). */
async function unlockFolders(dir: string): Promise<void> {
  await chmod(dir, 0o700).catch(() => undefined);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  await Promise.all(entries.filter((entry) => entry.isDirectory()).map((entry) => unlockFolders(path.join(dir, entry.name))));
}
