import { cp, mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RunnableImage } from "../images/registry";
import { makeDirTree } from "./dir-tree";
import { hostPath } from "./job-inputs";
import { removeTree } from "./remove-tree";
import type { CreateProcessingJobInput } from "./request-schema";

export interface Workspace {
  /** The job's own /opt/ml tree on the host, bound read-write. */
  optMlDir: string;
  /** The image's files outside /opt/ml, bound read-only. */
  imageBinds: Array<{ source: string; dest: string }>;
}

/** Folders whose contents the sandbox provides itself, so image files are bound one level down. */
const MERGED_DIRS = new Set(["opt", "tmp"]);

/**
 * Lays out a fresh `/opt/ml` for the job (processing/ with each input's and output's LocalPath, output/ for
 * the exit message, config/ with the request as SageMaker provides it) and places the image's files: those
 * under /opt/ml are copied in, so the job may write beside them as in a container; the rest stay in the
 * shared image layer, read-only. SageMaker creates the outputs' LocalPaths before the container starts.
 */
export async function prepareWorkspace(jobDir: string, request: CreateProcessingJobInput, image: RunnableImage): Promise<Workspace> {
  const root = path.join(jobDir, "root");
  const optMlDir = path.join(root, "opt", "ml");
  const local = [
    ...(request.ProcessingInputs ?? []).map((input) => input.S3Input?.LocalPath),
    ...(request.ProcessingOutputConfig?.Outputs ?? []).map((output) => output.S3Output?.LocalPath),
  ].flatMap((localPath) => (localPath ? [hostPath(optMlDir, localPath)] : []));
  const dirs = [...["processing", "output", "config"].map((sub) => path.join(optMlDir, sub)), ...local];
  const base = path.dirname(jobDir);
  // A tree already there was left by a run cut off by a crash (the job was requeued): start it afresh.
  if ((await makeDirTree(base, dirs)).has(root)) {
    await removeWorkspace(jobDir);
    await makeDirTree(base, dirs);
  }
  await Promise.all([
    writeFile(path.join(optMlDir, "config", "processingjobconfig.json"), JSON.stringify(request, null, 2)),
    writeFile(path.join(optMlDir, "config", "resourceconfig.json"), JSON.stringify({ current_host: "algo-1", hosts: ["algo-1"] })),
  ]);

  const imageBinds: Workspace["imageBinds"] = [];
  if (image.layerDir) {
    for (const entry of await readdir(image.layerDir)) {
      if (!MERGED_DIRS.has(entry)) {
        imageBinds.push({ source: path.join(image.layerDir, entry), dest: `/${entry}` });
        continue;
      }
      for (const child of await readdir(path.join(image.layerDir, entry))) {
        const source = path.join(image.layerDir, entry, child);
        if (entry === "opt" && child === "ml") await cp(source, optMlDir, { recursive: true });
        else imageBinds.push({ source, dest: `/${entry}/${child}` });
      }
    }
  }
  if (image.workdir === "/opt/ml" || image.workdir.startsWith("/opt/ml/")) {
    await mkdir(hostPath(optMlDir, image.workdir), { recursive: true });
  }
  return { optMlDir, imageBinds };
}

/**
 * A finished job's files go, as a SageMaker instance's storage does: outputs are in S3 by then, and the record
 * and log stay beside the workspace.
 */
export async function removeWorkspace(jobDir: string): Promise<void> {
  await removeTree(path.join(jobDir, "root"));
}
