import { createHash } from "node:crypto";
import stringify from "safe-stable-stringify";
import { z } from "zod";
import { ModelBinding } from "@/lib/pipelines/input";
import type { Tx } from "@/lib/commands/command";
import { resolveImages, type ResolvedImage } from "@/lib/catalog/images/resolve";
import type { DeploymentContext } from "./context";

/**
 * What an approval covers: every byte a run executes. The pipeline version (content hash, and the sha256 of the
 * definition the state machine is given), each image at its current version (digest from the engine or ECR, the
 * content-addressed build context, the interpreter), each script's sha256 at its latest version, the code
 * prefix a run reads, and the parameters. Stored with the request; recomputed from the catalog before approving,
 * deploying and every run. Any difference means the approval does not hold for what would run.
 */
const ArtifactImage = z.object({
  /** As the steps name it: the catalog URI, or pinned to a digest. */
  uri: z.string(),
  imageId: z.string().nullable(),
  kind: z.enum(["FRAMEWORK", "CUSTOM"]).nullable(),
  version: z.number().nullable(),
  digest: z.string().nullable(),
  /** Custom images: where the build context is; its prefix is the sha256 of the files, so it changes with them. */
  context: z.string().nullable(),
  /** Framework images: the interpreter name the engine runs them on (null: its default). */
  interpreter: z.string().nullable(),
  steps: z.array(z.string()),
});
export type ArtifactImage = z.infer<typeof ArtifactImage>;

export const Artifacts = z.object({
  /** Version 2 binds definitions, build contexts and interpreters; earlier approvals bound less and hold no more. */
  schema: z.literal(2),
  pipeline: z.object({ versionId: z.string(), name: z.string(), version: z.number(), contentHash: z.string(), definitionSha256: z.string() }),
  images: z.array(ArtifactImage),
  scripts: z.array(z.object({ name: z.string(), stage: z.string(), version: z.number(), sha256: z.string() })),
  code: z.object({ version: z.number(), s3Uri: z.string() }).nullable(),
  parameters: ModelBinding,
});
export type Artifacts = z.infer<typeof Artifacts>;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function fingerprintOf(artifacts: Artifacts): string {
  return sha256(stringify(artifacts) ?? "");
}

/** The sha256 of a definition exactly as a deploy sends it to Step Functions (JSON.stringify of the stored JSON). */
export function definitionSha256(definition: unknown): string {
  return sha256(JSON.stringify(definition));
}

function imageArtifact(uri: string, image: ResolvedImage | undefined, steps: string[]): ArtifactImage {
  const runtime = image?.localRuntime ?? null;
  return {
    uri,
    imageId: image?.id ?? null,
    kind: image?.kind ?? null,
    version: image?.version ?? null,
    digest: image?.digest ?? null,
    context: runtime?.kind === "custom" ? runtime.buildContextUri : null,
    interpreter: runtime?.kind === "framework" ? runtime.python : null,
    steps,
  };
}

/** The artifacts a request for these parameters binds, read from the catalog as it is now. */
export async function artifactsOf(tx: Tx, ctx: Pick<DeploymentContext, "model" | "version">, parameters: ModelBinding): Promise<Artifacts> {
  const uris = [...new Set(Object.values(parameters.steps).map((s) => s.imageUri))].sort();
  const known = await resolveImages(tx, uris);
  const images = uris.map((uri) => imageArtifact(uri, known.get(uri), Object.entries(parameters.steps).filter(([, s]) => s.imageUri === uri).map(([key]) => key).sort()));
  const scripts = ctx.model.scripts.flatMap((s) => {
    const latest = s.versions[0];
    return latest ? [{ name: s.name, stage: s.stage, version: latest.version, sha256: latest.sha256 }] : [];
  });
  const code = ctx.model.codeVersions[0] ?? null;
  const { version } = ctx;
  return {
    schema: 2,
    pipeline: { versionId: version.id, name: version.pipeline.name, version: version.version, contentHash: version.contentHash, definitionSha256: definitionSha256(version.definition) },
    images,
    scripts,
    code: code ? { version: code.version, s3Uri: code.s3Uri } : null,
    parameters,
  };
}

/** One difference, keyed by the artifact it concerns (the page marks that artifact). */
export type ArtifactChange = { key: string; text: string };

const short = (hash: string | null) => (hash ? hash.replace(/^sha256:/, "").slice(0, 12) : "none");

function describeImage(image: ArtifactImage): string {
  const content = image.digest ? short(image.digest) : image.context ? `context ${image.context}` : `interpreter ${image.interpreter ?? "default"}`;
  return image.version === null ? "unregistered" : `v${image.version} (${content})`;
}

function imageChanges(before: ArtifactImage[], after: ArtifactImage[]): ArtifactChange[] {
  const changes: ArtifactChange[] = [];
  for (const image of after) {
    const key = `image:${image.uri}`;
    const was = before.find((i) => i.uri === image.uri);
    if (!was) changes.push({ key, text: `image ${image.uri} is new` });
    else if (stringify(was) !== stringify(image)) changes.push({ key, text: `image ${image.uri} changed: ${describeImage(was)} → ${describeImage(image)}` });
  }
  for (const image of before) if (!after.some((i) => i.uri === image.uri)) changes.push({ key: `image:${image.uri}`, text: `image ${image.uri} is no longer used` });
  return changes;
}

function scriptChanges(before: Artifacts["scripts"], after: Artifacts["scripts"]): ArtifactChange[] {
  const changes: ArtifactChange[] = [];
  for (const script of after) {
    const key = `script:${script.name}`;
    const was = before.find((s) => s.name === script.name);
    if (!was) changes.push({ key, text: `script ${script.name} was added (v${script.version})` });
    else if (was.sha256 !== script.sha256) changes.push({ key, text: `script ${script.name} changed: v${was.version} (${short(was.sha256)}) → v${script.version} (${short(script.sha256)})` });
  }
  for (const script of before) if (!after.some((s) => s.name === script.name)) changes.push({ key: `script:${script.name}`, text: `script ${script.name} was removed` });
  return changes;
}

/** What differs between the artifacts an approval saw and those the catalog has now, in words. */
export function artifactChanges(before: Artifacts, after: Artifacts): ArtifactChange[] {
  const changes: ArtifactChange[] = [];
  if (before.pipeline.contentHash !== after.pipeline.contentHash) changes.push({ key: "pipeline", text: `pipeline ${after.pipeline.name} content changed` });
  if (before.pipeline.definitionSha256 !== after.pipeline.definitionSha256) {
    changes.push({ key: "definition", text: `state machine definition ${short(before.pipeline.definitionSha256)} → ${short(after.pipeline.definitionSha256)}` });
  }
  changes.push(...imageChanges(before.images, after.images), ...scriptChanges(before.scripts, after.scripts));
  if (before.code?.s3Uri !== after.code?.s3Uri) changes.push({ key: "code", text: `code version ${before.code?.version ?? "none"} → ${after.code?.version ?? "none"}` });
  if (stringify(before.parameters) !== stringify(after.parameters)) changes.push({ key: "parameters", text: "parameters changed" });
  return changes;
}
