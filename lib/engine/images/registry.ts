import { randomUUID } from "node:crypto";
import { access, mkdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { ObjectStore } from "../contracts";
import { readJson, writeJsonAtomic } from "../store/json-file";
import { SerialWriter } from "../store/serial-writer";
import { buildLayer } from "./build-layer";
import { contextDigest, contextSize, listContext } from "./context-files";
import { DockerfileError, interpretDockerfile, type ImageConfig } from "./dockerfile";
import { FRAMEWORK_ENV, isAwsFrameworkImage } from "./framework-images";
import { customImageManifest, frameworkImageManifest, type ImageManifest } from "./manifest";
import { allowedInterpreter, DEFAULT_INTERPRETER, type Interpreters, interpretersFromEnv } from "./interpreters";
import { parseReference, referenceKey } from "./reference";
import type { ImageRegistration } from "./registration";

/** One build of a custom image: its context snapshot and layer, addressed by the context's digest. */
interface Build {
  digest: string;
  dir: string;
  source: string;
  config: ImageConfig;
  builtAt: string;
  /** Bytes of the context's files; builds recorded before it was kept get it on load. */
  size?: number;
}

/**
 * A registration: what a tag (or, for custom images, a digest) points at. `python` is an allow-listed name.
 * A custom mapping's `digest` names its build (the context's digest); the image's own digest is its
 * manifest's (manifest.ts), which is what ECR answers and what `<repo>@sha256:…` pins.
 */
export type ImageMapping =
  | { imageUri: string; kind: "framework"; python: string; registeredAt: string }
  | { imageUri: string; kind: "custom"; python: string; digest: string; registeredAt: string };

/** What the engine tells callers about a registration: never a host folder. `digest` is the image's (ECR's). */
export type PublicImage =
  | { imageUri: string; kind: "framework"; python: string; registeredAt: string; digest: null }
  | { imageUri: string; kind: "custom"; python: string; registeredAt: string; digest: string; contextDigest: string; source?: string; config?: ImageConfig };

/** An image as the engine's ECR shows it: its repository, the tag it was registered under, its manifest. */
export interface StoredImage {
  repository: string;
  tag?: string;
  registeredAt: string;
  manifest: ImageManifest;
}

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

/** `<dataDir>/images/registry.json`. */
interface RegistryFile {
  version: 2;
  tags: ImageMapping[];
  pins: Extract<ImageMapping, { kind: "custom" }>[];
  builds: Build[];
}

/** The first format: one mapping per URI, custom builds in `<dir>/{context,layer}`, interpreters as paths. */
type LegacyMapping =
  | { imageUri: string; kind: "framework"; python?: string; registeredAt: string }
  | { imageUri: string; kind: "custom"; python?: string; source: string; dir: string; config: ImageConfig; registeredAt: string };

export class ImageRegistrationError extends Error {}

/**
 * Maps image URIs to how the engine runs them. A custom image is "built" at registration: its build context
 * is copied from the engine's S3 (as `docker build` snapshots it), given a content-addressed digest, its
 * Dockerfile interpreted and its COPY steps applied to a layer folder. Every build is kept: `<repo>:<tag>`
 * resolves to the latest registration of that tag, `<repo>@sha256:<hex>` to exactly that build, so a job or
 * an approval that pinned a digest keeps running the same bytes after the tag moves.
 */
export class ImageRegistry {
  private tags = new Map<string, ImageMapping>();
  private pins = new Map<string, Extract<ImageMapping, { kind: "custom" }>>();
  private builds = new Map<string, Build>();
  private readonly root: string;
  private readonly writes = new SerialWriter();

  constructor(
    dataDir: string,
    private readonly objects: ObjectStore,
    private readonly interpreters: Interpreters = interpretersFromEnv(),
  ) {
    this.root = path.join(dataDir, "images");
  }

  async load(): Promise<void> {
    const saved = await readJson<RegistryFile | LegacyMapping[]>(this.registryFile());
    const file = Array.isArray(saved) ? await this.upgrade(saved) : saved;
    if (!file) return;
    this.tags = new Map(file.tags.map((m) => [referenceKey(parseReference(m.imageUri)), m]));
    this.builds = new Map(file.builds.map((b) => [b.digest, b]));
    const unsized = [...this.builds.values()].filter((b) => b.size === undefined);
    for (const build of unsized) build.size = await sizeOfContext(path.join(build.dir, "context"));
    this.pins = new Map(file.pins.map((m) => [this.pinKey(m), m]));
    if (Array.isArray(saved) || unsized.length > 0) await this.save();
  }

  list(): PublicImage[] {
    return [...this.tags.values()].map((m) => this.publicView(m));
  }

  /** Every image a tag or a pin names, with its manifest; tags come first, so a pinned image keeps its tag. */
  images(): StoredImage[] {
    const images: StoredImage[] = [];
    for (const [key, mapping] of [...this.tags, ...this.pins]) {
      const manifest = this.manifestOf(mapping);
      const reference = parseReference(key);
      if (manifest) images.push({ repository: reference.repository, ...(reference.tag !== undefined ? { tag: reference.tag } : {}), registeredAt: mapping.registeredAt, manifest });
    }
    return images;
  }

  /** An AWS framework image the engine runs without registration is known by its URI (`repository:tag`). */
  unregisteredFramework(repository: string, tag: string): StoredImage | undefined {
    const key = referenceKey({ repository, tag });
    if (this.tags.has(key) || !isAwsFrameworkImage(key)) return undefined;
    return { repository, tag, registeredAt: new Date(0).toISOString(), manifest: frameworkImageManifest(key, DEFAULT_INTERPRETER) };
  }

  /** The allow-listed interpreters' names (never their paths). */
  interpreterNames(): string[] {
    return [...this.interpreters.keys()];
  }

  async register(registration: ImageRegistration): Promise<PublicImage> {
    const reference = parseReference(registration.imageUri);
    if (reference.digest !== undefined) {
      throw new ImageRegistrationError("Register an image by tag (<repository>:<tag>); the engine computes a custom image's digest from its build context.");
    }
    const python = allowedInterpreter(this.interpreters, registration.python);
    const registeredAt = new Date().toISOString();
    if (registration.kind === "framework") {
      const mapping: ImageMapping = { imageUri: registration.imageUri, kind: "framework", python, registeredAt };
      this.tags.set(referenceKey(reference), mapping);
      await this.save();
      return this.publicView(mapping);
    }
    const build = await this.build(registration.buildContextUri);
    const mapping: ImageMapping = { imageUri: registration.imageUri, kind: "custom", python, digest: build.digest, registeredAt };
    this.tags.set(referenceKey(reference), mapping);
    this.pins.set(this.pinKey(mapping), mapping);
    await this.save();
    return this.publicView(mapping);
  }

  /** Returns the runnable image, or a reason it cannot run here (the job then fails with it). */
  resolve(imageUri: string): RunnableImage | { error: string } {
    const reference = parseReference(imageUri);
    const key = referenceKey(reference);
    const mapping = this.pins.get(key) ?? this.tags.get(key);
    const python = this.interpreters.get(mapping?.python ?? DEFAULT_INTERPRETER);
    if (python === undefined) {
      return { error: `ClientError: the image ${imageUri} runs on the interpreter '${mapping?.python}', which this engine no longer allows (allowed: ${this.interpreterNames().join(", ")}).` };
    }
    if (mapping?.kind === "custom") {
      const build = this.builds.get(mapping.digest);
      if (!build) return { error: `ClientError: the build ${mapping.digest} of ${imageUri} is missing from the embedded engine; register the image again.` };
      const c = build.config;
      return {
        description: `custom image ${imageUri} (build ${build.digest} from ${build.source}, base ${c.base})`,
        python,
        workdir: c.workdir,
        env: c.env,
        entrypoint: c.entrypoint,
        cmd: c.cmd,
        layerDir: path.join(build.dir, "layer"),
        skipped: c.skipped,
      };
    }
    if (mapping?.kind === "framework" || isAwsFrameworkImage(imageUri)) {
      return { description: `framework image ${imageUri} on ${mapping?.python ?? DEFAULT_INTERPRETER} (${python})`, python, workdir: "/", env: { ...FRAMEWORK_ENV }, entrypoint: [], cmd: [], skipped: [] };
    }
    return {
      error:
        `ClientError: the image ${imageUri} is not known to the embedded engine. Register it with PUT /_ferry/images ` +
        `(kind "custom" with its build context, or kind "framework" to run the entrypoint on an allowed interpreter).`,
    };
  }

  /**
   * Snapshots the context into a folder of its own, then moves it to `builds/<hex>` unless that build
   * exists already (same bytes, same image): builds are immutable once in place.
   */
  private async build(buildContextUri: string): Promise<Build> {
    const staging = path.join(this.root, "staging", randomUUID());
    const contextDir = path.join(staging, "context");
    await mkdir(contextDir, { recursive: true });
    try {
      const prefix = buildContextUri.endsWith("/") ? buildContextUri : `${buildContextUri}/`;
      await this.objects.downloadPrefix(prefix, contextDir);
      const entries = await listContext(contextDir);
      if (!entries.some((e) => e.path === "Dockerfile" && e.kind === "file")) {
        throw new DockerfileError(`The build context ${buildContextUri} has no Dockerfile at its root.`);
      }
      const digest = await contextDigest(contextDir, entries);
      const size = await contextSize(contextDir, entries);
      const existing = this.builds.get(digest);
      if (existing && (await exists(existing.dir))) return existing;
      const config = interpretDockerfile(await readFile(path.join(contextDir, "Dockerfile"), "utf8"));
      await buildLayer(config, contextDir, entries, path.join(staging, "layer"));
      const dir = path.join(this.root, "builds", digest.replace("sha256:", ""));
      await mkdir(path.dirname(dir), { recursive: true });
      // A concurrent registration of the same context may have moved its identical build in first.
      await rename(staging, dir).catch(async (error: unknown) => {
        if (!(await exists(dir))) throw error;
      });
      const build: Build = { digest, dir, source: buildContextUri, config, builtAt: new Date().toISOString(), size };
      this.builds.set(digest, build);
      return build;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  private publicView(mapping: ImageMapping): PublicImage {
    if (mapping.kind === "framework") return { ...mapping, digest: null };
    const build = this.builds.get(mapping.digest);
    const { digest: contextDigest, ...rest } = mapping;
    const digest = this.manifestOf(mapping)?.digest ?? contextDigest;
    return build ? { ...rest, digest, contextDigest, source: build.source, config: build.config } : { ...rest, digest, contextDigest };
  }

  /** A mapping's manifest; undefined for a custom image whose build is gone. */
  private manifestOf(mapping: ImageMapping): ImageManifest | undefined {
    if (mapping.kind === "framework") return frameworkImageManifest(referenceKey(parseReference(mapping.imageUri)), mapping.python);
    const build = this.builds.get(mapping.digest);
    return build ? customImageManifest({ digest: build.digest, size: build.size ?? 0, config: build.config }, mapping.python) : undefined;
  }

  /** `<repo>@<image digest>`: what a job or an approval pins. */
  private pinKey(mapping: Extract<ImageMapping, { kind: "custom" }>): string {
    const digest = this.manifestOf(mapping)?.digest ?? mapping.digest;
    return referenceKey({ repository: parseReference(mapping.imageUri).repository, digest });
  }

  /** Reads the first format: builds keep their folders, interpreters given as a configured path get its name. */
  private async upgrade(legacy: LegacyMapping[]): Promise<RegistryFile> {
    const file: RegistryFile = { version: 2, tags: [], pins: [], builds: [] };
    for (const old of legacy) {
      let python: string;
      try {
        python = allowedInterpreter(this.interpreters, old.python);
      } catch {
        // Resolving it then fails the job with the reason, as an interpreter removed from the allow-list would.
        python = old.python ?? DEFAULT_INTERPRETER;
      }
      if (old.kind === "framework") {
        file.tags.push({ imageUri: old.imageUri, kind: "framework", python, registeredAt: old.registeredAt });
        continue;
      }
      const contextDir = path.join(old.dir, "context");
      const digest = await listContext(contextDir).then(
        (entries) => contextDigest(contextDir, entries),
        () => undefined,
      );
      if (!digest) continue;
      const mapping: ImageMapping = { imageUri: old.imageUri, kind: "custom", python, digest, registeredAt: old.registeredAt };
      file.tags.push(mapping);
      file.pins.push(mapping);
      file.builds.push({ digest, dir: old.dir, source: old.source, config: old.config, builtAt: old.registeredAt });
    }
    return file;
  }

  private registryFile(): string {
    return path.join(this.root, "registry.json");
  }

  /** Registrations may overlap: writes are ordered, and each takes the registry as it is when it runs. */
  private save(): Promise<void> {
    return this.writes.run("registry", () =>
      writeJsonAtomic(this.registryFile(), { version: 2, tags: [...this.tags.values()], pins: [...this.pins.values()], builds: [...this.builds.values()] } satisfies RegistryFile),
    );
  }
}

async function sizeOfContext(contextDir: string): Promise<number> {
  return listContext(contextDir).then(
    (entries) => contextSize(contextDir, entries),
    () => 0,
  );
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
