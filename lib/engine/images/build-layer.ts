import { cp, lstat, mkdir } from "node:fs/promises";
import path from "node:path";
import { type ContextEntry, matchSources } from "./context-files";
import { type CopyStep, dockerfileError, type ImageConfig } from "./dockerfile";

/** The sandbox binds these from the host read-only; an image cannot place files there. */
const SYSTEM_DIRS = ["/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/dev", "/sys", "/.ferry"];

/** Local archives `ADD` would unpack in Docker (which looks at their bytes; their names are what the engine can judge). */
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz)$/i;

/**
 * Applies an image's COPY/ADD steps to `layerDir`, which then holds the image's own files at their absolute
 * paths (`<layerDir>/opt/ml/code/predict.py`), and creates its WORKDIR there: what `docker build` would add
 * on top of the base image, minus RUN. `entries` is the context as listContext read it: files and folders
 * only, so nothing copied here is, or leads through, a link. Refusals name the Dockerfile line.
 */
export async function buildLayer(config: ImageConfig, contextDir: string, entries: readonly ContextEntry[], layerDir: string): Promise<void> {
  const paths = entries.map((e) => e.path);
  await mkdir(layerDir, { recursive: true });
  for (const step of config.copies) {
    refuseSystemPath(step.dest, step.line);
    const sources = step.sources.flatMap((s) => matchSources(s, paths));
    if (sources.length === 0) throw dockerfileError(step.line, `${keywordOf(step)} ${step.sources.join(" ")}: no such file in the build context`);
    const intoDir = step.dest.endsWith("/") || sources.length > 1;
    for (const source of sources) await copyOne(step, source, contextDir, path.join(layerDir, step.dest), intoDir);
  }
  refuseSystemPath(config.workdir);
  await mkdir(path.join(layerDir, config.workdir), { recursive: true });
}

async function copyOne(step: CopyStep, source: string, contextDir: string, dest: string, intoDir: boolean): Promise<void> {
  const from = path.join(contextDir, source);
  const info = await lstat(from).catch(() => undefined);
  if (!info || !(info.isFile() || info.isDirectory())) throw dockerfileError(step.line, `${keywordOf(step)} ${source}: no such file in the build context`);
  if (step.add && info.isFile() && ARCHIVE.test(source)) {
    throw dockerfileError(step.line, `ADD ${source}: Docker would unpack this archive, the engine does not; unpack it into the build context, or COPY it and unpack it in code.`);
  }
  // Docker copies a folder's contents, and a file into a folder destination under its own name.
  const target = info.isDirectory() ? dest : intoDir ? path.join(dest, path.basename(source)) : dest;
  await mkdir(info.isDirectory() ? target : path.dirname(target), { recursive: true });
  await cp(from, target, { recursive: true, verbatimSymlinks: true });
}

const keywordOf = (step: CopyStep) => (step.add ? "ADD" : "COPY");

function refuseSystemPath(dest: string, line?: number): void {
  const system = SYSTEM_DIRS.find((dir) => dest === dir || dest.startsWith(`${dir}/`));
  if (system) {
    throw dockerfileError(line, `the image places files in ${dest}, under ${system}, which the sandbox takes read-only from the host; use another folder (e.g. /opt/ml/code or /app).`);
  }
}
