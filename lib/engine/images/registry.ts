import { createHash } from "node:crypto";
import { access, cp, mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { ObjectStore } from "../contracts";
import { readJson, writeJsonAtomic } from "../store/json-file";
import { SerialWriter } from "../store/serial-writer";
import { buildLayer } from "./build-layer";
import { DockerfileError, interpretDockerfile, type ImageConfig } from "./dockerfile";
import { defaultPython, FRAMEWORK_ENV, isAwsFrameworkImage } from "./framework-images";
import type { ImageRegistration } from "./registration";

/** A registered image as kept in `<dataDir>/images/registry.json`. */
export type ImageMapping =
  | { imageUri: string; kind: "framework"; python?: string; registeredAt: string }
  | { imageUri: string; kind: "custom"; python?: string; source: string; dir: string; config: ImageConfig; registeredAt: string };

/** How a job's image runs here: on which interpreter, with which files, command and environment. */
export interface RunnableImage {
  description: string;
  python: string;
  workdir: string;
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  /** Host folder holding the image's own files at their absolute paths, for custom images. */
  layerDir?: string;
  skipped: string[];
}

/**
 * Maps image URIs to how the engine runs them. A custom image is "built" at registration: its build context
 * is copied into the engine's data folder (as `docker build` snapshots it), its Dockerfile interpreted and its
 * COPY steps applied to a layer folder. Registering a URI again replaces its mapping.
 */
export class ImageRegistry {
  private mappings = new Map<string, ImageMapping>();
  private readonly root: string;
  private readonly writes = new SerialWriter();

  constructor(dataDir: string, private readonly objects: ObjectStore) {
    this.root = path.join(dataDir, "images");
  }

  async load(): Promise<void> {
    const list = (await readJson<ImageMapping[]>(this.registryFile())) ?? [];
    this.mappings = new Map(list.map((m) => [m.imageUri, m]));
  }

  list(): ImageMapping[] {
    return [...this.mappings.values()];
  }

  async register(registration: ImageRegistration): Promise<ImageMapping> {
    const registeredAt = new Date().toISOString();
    const mapping: ImageMapping =
      registration.kind === "framework"
        ? { imageUri: registration.imageUri, kind: "framework", python: registration.python, registeredAt }
        : await this.buildCustom(registration, registeredAt);
    this.mappings.set(mapping.imageUri, mapping);
    await this.save();
    return mapping;
  }

  /** Returns the runnable image, or a reason it cannot run here (the job then fails with it). */
  resolve(imageUri: string): RunnableImage | { error: string } {
    const mapping = this.mappings.get(imageUri);
    if (mapping?.kind === "custom") {
      const c = mapping.config;
      return {
        description: `custom image ${imageUri} (built from ${mapping.source}, base ${c.base})`,
        python: mapping.python ?? defaultPython(),
        workdir: c.workdir,
        env: c.env,
        entrypoint: c.entrypoint,
        cmd: c.cmd,
        layerDir: path.join(mapping.dir, "layer"),
        skipped: c.skipped,
      };
    }
    if (mapping?.kind === "framework" || isAwsFrameworkImage(imageUri)) {
      const python = mapping?.python ?? defaultPython();
      return { description: `framework image ${imageUri} on ${python}`, python, workdir: "/", env: { ...FRAMEWORK_ENV }, entrypoint: [], cmd: [], skipped: [] };
    }
    return {
      error:
        `ClientError: the image ${imageUri} is not known to the embedded engine. Register it with PUT /_ferry/images ` +
        `(kind "custom" with its build context, or kind "framework" to run the entrypoint on the host Python).`,
    };
  }

  private async buildCustom(
    registration: Extract<ImageRegistration, { kind: "custom" }>,
    registeredAt: string,
  ): Promise<ImageMapping> {
    const id = createHash("sha256").update(registration.imageUri).digest("hex").slice(0, 16);
    // A new folder per registration: jobs still running on the previous build keep their files.
    const dir = path.join(this.root, `${id}-${Date.now()}`);
    const contextDir = path.join(dir, "context");
    await mkdir(contextDir, { recursive: true });
    try {
      const source = "buildContextUri" in registration ? registration.buildContextUri : registration.buildContextDir;
      if ("buildContextUri" in registration) {
        const prefix = registration.buildContextUri.endsWith("/") ? registration.buildContextUri : `${registration.buildContextUri}/`;
        await this.objects.downloadPrefix(prefix, contextDir);
      } else {
        // Checked before copying, so a folder that is not a build context is never copied.
        if (!(await exists(path.join(registration.buildContextDir, "Dockerfile")))) {
          throw new DockerfileError(`The build context ${source} has no Dockerfile at its root.`);
        }
        await cp(registration.buildContextDir, contextDir, { recursive: true });
      }
      const dockerfile = path.join(contextDir, "Dockerfile");
      if (!(await exists(dockerfile))) {
        throw new DockerfileError(`The build context ${source} has no Dockerfile at its root.`);
      }
      const config = interpretDockerfile(await readFile(dockerfile, "utf8"));
      await buildLayer(config, contextDir, path.join(dir, "layer"));
      return { imageUri: registration.imageUri, kind: "custom", python: registration.python, source, dir, config, registeredAt };
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  private registryFile(): string {
    return path.join(this.root, "registry.json");
  }

  /** Registrations may overlap: writes are ordered, and each takes the mappings as they are when it runs. */
  private save(): Promise<void> {
    return this.writes.run("registry", () => writeJsonAtomic(this.registryFile(), this.list()));
  }
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
