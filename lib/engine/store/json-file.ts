import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Writes through a temp file and a rename so a crash never leaves a half-written record behind. Every
 * record of the engine (objects' metadata, executions, jobs, the image registry) goes through here. The
 * folder is created only when the first attempt finds it missing: records are rewritten far more often than
 * their folders are created, and each saved syscall is a trip through libuv's thread pool on the job path.
 */
export async function writeJsonAtomic(file: string, value: unknown, options: { mode?: number } = {}): Promise<void> {
  const tmp = `${file}.${randomUUID()}.tmp`;
  const text = JSON.stringify(value);
  try {
    await writeFile(tmp, text, options);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(tmp, text, options);
  }
  try {
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

export async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
