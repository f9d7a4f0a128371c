import { cp, mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { ObjectStore, S3Uri } from "@/lib/engine/contracts";

/**
 * A folder-backed ObjectStore (`<root>/<bucket>/<key>`) for the sandbox tests. It stands in for E1's S3 store
 * only until the SDK-level tests over HTTP (tests/engine/processing.test.ts) exercise the real one.
 */
export class FsObjectStore implements ObjectStore {
  constructor(readonly root: string) {}

  /** Host path of an s3:// URI. */
  pathOf(uri: S3Uri): string {
    const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
    if (!match) throw new Error(`not an s3 uri: ${uri}`);
    return path.join(this.root, match[1] ?? "", match[2] ?? "");
  }

  async downloadPrefix(uri: S3Uri, dir: string): Promise<number> {
    const source = this.pathOf(uri);
    const files = await listFiles(source);
    await mkdir(dir, { recursive: true });
    for (const file of files) await cp(path.join(source, file), path.join(dir, file));
    return files.length;
  }

  async downloadObject(uri: S3Uri, dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    await cp(this.pathOf(uri), path.join(dir, path.basename(this.pathOf(uri))));
  }

  async uploadDirectory(dir: string, uri: S3Uri): Promise<number> {
    const files = await listFiles(dir);
    for (const file of files) {
      await mkdir(path.dirname(path.join(this.pathOf(uri), file)), { recursive: true });
      await cp(path.join(dir, file), path.join(this.pathOf(uri), file));
    }
    return files.length;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    if ((await stat(path.join(dir, entry))).isFile()) files.push(entry);
  }
  return files;
}
