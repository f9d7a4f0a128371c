import { mkdtemp, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { ObjectStore } from "../contracts";
import { causeOf } from "./failure-reason";
import type { CreateProcessingJobInput } from "./request-schema";

/** Host path of a container path under the job's /opt/ml tree (validation guarantees it stays inside). */
export function hostPath(optMlDir: string, containerPath: string): string {
  return path.join(optMlDir, path.posix.relative("/opt/ml", containerPath));
}

/**
 * Copies each S3 input to its LocalPath. S3Prefix takes every object under the prefix; ManifestFile reads the
 * manifest (`[{"prefix": "s3://..."}, "key1", ...]`) and takes the listed keys, keeping their relative paths.
 * Inputs are staged at once (they go to distinct folders); the log and a failure follow the request's order.
 */
export async function downloadInputs(
  request: CreateProcessingJobInput,
  optMlDir: string,
  objects: ObjectStore,
  log: (line: string) => void,
): Promise<void> {
  const inputs = (request.ProcessingInputs ?? []).flatMap((input) => (input.S3Input?.LocalPath ? [{ name: input.InputName, s3: input.S3Input }] : []));
  const staged = await Promise.allSettled(inputs.map(({ name, s3 }) => downloadInput(name, s3, optMlDir, objects)));
  for (const outcome of staged) {
    if (outcome.status === "rejected") throw outcome.reason;
    log(outcome.value);
  }
}

/** Returns the log line saying what was staged. */
async function downloadInput(
  name: string,
  s3: { S3Uri: string; LocalPath?: string; S3DataType?: string },
  optMlDir: string,
  objects: ObjectStore,
): Promise<string> {
  const localPath = s3.LocalPath ?? "";
  const dir = hostPath(optMlDir, localPath);
  try {
    // The folder exists: prepareWorkspace makes every LocalPath.
    if (s3.S3DataType === "ManifestFile") {
      const count = await downloadManifest(s3.S3Uri, dir, objects);
      return `input ${name}: ${count} object(s) listed in manifest ${s3.S3Uri} -> ${localPath}`;
    }
    const count = await objects.downloadPrefix(s3.S3Uri, dir);
    if (count === 0) throw new Error(`No S3 objects found under S3 URL "${s3.S3Uri}" given in input data source.`);
    return `input ${name}: ${count} object(s) from ${s3.S3Uri} -> ${localPath}`;
  } catch (error) {
    throw new Error(`ClientError: could not download input '${name}' from ${s3.S3Uri}: ${causeOf(error)}`);
  }
}

async function downloadManifest(manifestUri: string, dir: string, objects: ObjectStore): Promise<number> {
  const scratch = await mkdtemp(path.join(dir, ".manifest-"));
  try {
    await objects.downloadObject(manifestUri, scratch);
    const name = manifestUri.slice(manifestUri.lastIndexOf("/") + 1);
    const manifest: unknown = JSON.parse(await readFile(path.join(scratch, name), "utf8"));
    const [head, ...keys] = Array.isArray(manifest) ? manifest : [];
    const prefix = typeof head === "object" && head !== null && "prefix" in head ? head.prefix : undefined;
    if (typeof prefix !== "string" || !keys.every((k): k is string => typeof k === "string")) {
      throw new Error(`ClientError: the manifest ${manifestUri} must be a JSON array: [{"prefix": "s3://..."}, "relative/key", ...]`);
    }
    for (const key of keys) {
      const relative = path.posix.normalize(key);
      if (relative.startsWith("..") || path.posix.isAbsolute(relative)) throw new Error(`ClientError: manifest key '${key}' leaves its prefix`);
      await objects.downloadObject(`${prefix}${key}`, path.join(dir, path.posix.dirname(relative)));
    }
    return keys.length;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
