import { createHash } from "node:crypto";
import stringify from "safe-stable-stringify";
import type { ImageConfig } from "./dockerfile";
import { FRAMEWORK_ENV } from "./framework-images";

export const MANIFEST_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json";
const CONFIG_MEDIA_TYPE = "application/vnd.docker.container.image.v1+json";
const LAYER_MEDIA_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip";

/** An image as a registry serves it: its manifest, and the manifest's digest, which is the image's digest. */
export interface ImageManifest {
  manifest: string;
  mediaType: typeof MANIFEST_MEDIA_TYPE;
  /** `sha256:` + SHA-256 of `manifest`, exactly as ECR computes an image digest. */
  digest: string;
  /** Bytes of the image's layers (ECR's imageSizeInBytes). */
  size: number;
}

const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/**
 * A Docker image manifest (schema 2) for what the engine runs, so its digest changes exactly when what runs
 * changes: the image's configuration (command, environment, working directory, and the engine's interpreter
 * for it), and for a custom image one layer, its build context, addressed by the context's digest.
 */
function manifestOf(config: Record<string, unknown>, layers: { digest: string; size: number }[]): ImageManifest {
  const configBlob = stringify({ architecture: "amd64", os: "linux", ...config }) ?? "{}";
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MANIFEST_MEDIA_TYPE,
    config: { mediaType: CONFIG_MEDIA_TYPE, size: Buffer.byteLength(configBlob), digest: sha256(configBlob) },
    layers: layers.map((layer) => ({ mediaType: LAYER_MEDIA_TYPE, size: layer.size, digest: layer.digest })),
  });
  return { manifest, mediaType: MANIFEST_MEDIA_TYPE, digest: sha256(manifest), size: layers.reduce((sum, l) => sum + l.size, 0) };
}

export function customImageManifest(build: { digest: string; size: number; config: ImageConfig }, python: string): ImageManifest {
  const c = build.config;
  const env = Object.entries(c.env).map(([name, value]) => `${name}=${value}`);
  return manifestOf({ config: { Env: env, Entrypoint: c.entrypoint, Cmd: c.cmd, WorkingDir: c.workdir }, ferry: { python, base: c.base } }, [{ digest: build.digest, size: build.size }]);
}

/** A framework image is known by its URI: what runs is the job's entrypoint on the named interpreter. */
export function frameworkImageManifest(imageUri: string, python: string): ImageManifest {
  const env = Object.entries(FRAMEWORK_ENV).map(([name, value]) => `${name}=${value}`);
  return manifestOf({ config: { Env: env, WorkingDir: "/" }, ferry: { python, framework: imageUri } }, []);
}
