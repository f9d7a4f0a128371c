import { cp, lchown, mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RunnableImage } from "../images/registry";
import type { SandboxUser } from "../sandbox/sandbox-user";
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
  // A tree already there was left by a run cut off by a crash (the job was requeued). Its job wrote it, so it
  // goes before anything is made: a folder on the way could be a link to anywhere on the host.
  await removeWorkspace(jobDir);
  await makeDirTree(path.dirname(jobDir), dirs);
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
 * Gives the staged tree to the job's host user, so the job may write anywhere in its /opt/ml as in a
 * container; a no-op when jobs run as the engine's own user. Runs before the job starts: the tree is still
 * the engine's own, and lchown would not follow a link anyway.
 */
export async function handOverWorkspace(optMlDir: string, user: SandboxUser): Promise<void> {
  if (!user.engineIsRoot) return;
  const entries = await readdir(optMlDir, { recursive: true });
  await Promise.all([optMlDir, ...entries.map((entry) => path.join(optMlDir, entry))].map((entry) => lchown(entry, user.hostUid, user.hostGid)));
}

/**
 * A finished job's files go, as a SageMaker instance's storage does: outputs are in S3 by then, and the record
 * and log stay beside the workspace.
 */
export async function removeWorkspace(jobDir: string): Promise<void> {
  await removeTree(path.join(jobDir, "root"));
}
