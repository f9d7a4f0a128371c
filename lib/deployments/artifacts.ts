import { createHash } from "node:crypto";
import stringify from "safe-stable-stringify";
import { z } from "zod";
import { ModelBinding } from "@/lib/pipelines/input";
import type { Tx } from "@/lib/commands/command";
import type { DeploymentContext } from "./context";

/**
 * What an approval covers: the pipeline version's content hash, each image (URI and verified digest), each
 * script's sha256 at its latest version, the code prefix a run reads, and the parameters. Stored with the
 * request; recomputed from the catalog before approving and deploying. Any difference means the approval
 * does not hold for what would run.
 */
export const Artifacts = z.object({
  pipeline: z.object({ versionId: z.string(), name: z.string(), version: z.number(), contentHash: z.string() }),
  images: z.array(z.object({ uri: z.string(), digest: z.string().nullable(), steps: z.array(z.string()) })),
  scripts: z.array(z.object({ name: z.string(), stage: z.string(), version: z.number(), sha256: z.string() })),
  code: z.object({ version: z.number(), s3Uri: z.string() }).nullable(),
  parameters: ModelBinding,
});
export type Artifacts = z.infer<typeof Artifacts>;

export function fingerprintOf(artifacts: Artifacts): string {
  return createHash("sha256").update(stringify(artifacts) ?? "").digest("hex");
}

/** The artifacts a request for these parameters binds, read from the catalog as it is now. */
export async function artifactsOf(tx: Tx, ctx: Pick<DeploymentContext, "model" | "version">, parameters: ModelBinding): Promise<Artifacts> {
  const uris = [...new Set(Object.values(parameters.steps).map((s) => s.imageUri))].sort();
  const known = await tx.image.findMany({ where: { uri: { in: uris } }, select: { uri: true, digest: true } });
  const images = uris.map((uri) => ({
    uri,
    digest: known.find((i) => i.uri === uri)?.digest ?? null,
    steps: Object.entries(parameters.steps).filter(([, s]) => s.imageUri === uri).map(([key]) => key).sort(),
  }));
  const scripts = ctx.model.scripts.flatMap((s) => {
    const latest = s.versions[0];
    return latest ? [{ name: s.name, stage: s.stage, version: latest.version, sha256: latest.sha256 }] : [];
  });
  const code = ctx.model.codeVersions[0] ?? null;
  return {
    pipeline: { versionId: ctx.version.id, name: ctx.version.pipeline.name, version: ctx.version.version, contentHash: ctx.version.contentHash },
    images,
    scripts,
    code: code ? { version: code.version, s3Uri: code.s3Uri } : null,
    parameters,
  };
}

const short = (hash: string | null) => (hash ? hash.slice(0, 12) : "none");

/** What differs between the artifacts an approval saw and those the catalog has now, in words. */
export function artifactChanges(before: Artifacts, after: Artifacts): string[] {
  const changes: string[] = [];
  if (before.pipeline.contentHash !== after.pipeline.contentHash) changes.push(`pipeline ${after.pipeline.name} content changed`);
  for (const image of after.images) {
    const was = before.images.find((i) => i.uri === image.uri);
    if (!was) changes.push(`image ${image.uri} is new`);
    else if (was.digest !== image.digest) changes.push(`image ${image.uri} digest ${short(was.digest)} → ${short(image.digest)}`);
  }
  for (const image of before.images) if (!after.images.some((i) => i.uri === image.uri)) changes.push(`image ${image.uri} is no longer used`);
  for (const script of after.scripts) {
    const was = before.scripts.find((s) => s.name === script.name);
    if (!was) changes.push(`script ${script.name} was added (v${script.version})`);
    else if (was.sha256 !== script.sha256) changes.push(`script ${script.name} changed: v${was.version} (${short(was.sha256)}) → v${script.version} (${short(script.sha256)})`);
  }
  for (const script of before.scripts) if (!after.scripts.some((s) => s.name === script.name)) changes.push(`script ${script.name} was removed`);
  if (before.code?.s3Uri !== after.code?.s3Uri) changes.push(`code version ${before.code?.version ?? "none"} → ${after.code?.version ?? "none"}`);
  if (stringify(before.parameters) !== stringify(after.parameters)) changes.push("parameters changed");
  return changes;
}
