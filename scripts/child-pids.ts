import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/**
 * `npm start` records its own process id and each child's (FERRY_DATA_DIR/children.json), rewritten on every
 * restart, so an operator or a test signals exactly these processes, never ones found by name.
 */
export const ChildPids = z.object({ supervisor: z.number().int().positive(), children: z.record(z.string(), z.number().int().positive()) });
export type ChildPids = z.infer<typeof ChildPids>;

export const childPidsFile = (dataDir: string) => path.join(dataDir, "children.json");

export class ChildPidsRecord {
  private readonly state: ChildPids = { supervisor: process.pid, children: {} };
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** Written whole and renamed into place: a reader never sees half a file; writes follow each other in order. */
  record(name: string, pid: number): Promise<void> {
    this.state.children[name] = pid;
    const text = `${JSON.stringify(this.state, null, 2)}\n`;
    this.writing = this.writing.then(async () => {
      await writeFile(`${this.file}.tmp`, text, { mode: 0o644 });
      await rename(`${this.file}.tmp`, this.file);
    });
    return this.writing;
  }
}

export async function readChildPids(dataDir: string): Promise<ChildPids> {
  return ChildPids.parse(JSON.parse(await readFile(childPidsFile(dataDir), "utf8")));
}
