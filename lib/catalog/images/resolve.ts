import type { Tx } from "@/lib/commands/command";
import { LocalRuntime } from "./commands";
import { parseImageUri, pinnedUri } from "@/lib/aws/ecr-uri";

const IMAGE_SELECT = { id: true, uri: true, kind: true, status: true, version: true, digest: true, localRuntime: true } as const;

/** A catalog image as it is now, and the digest the URI pinned (null for a tag). */
export type ResolvedImage = {
  id: string;
  uri: string;
  kind: "FRAMEWORK" | "CUSTOM";
  status: "ACTIVE" | "DEPRECATED";
  version: number;
  digest: string | null;
  localRuntime: LocalRuntime | null;
  pinnedDigest: string | null;
};

/**
 * Which catalog image each ImageUri names: the image registered under that URI, or, for `<repo>@sha256:...`, the
 * image one of whose versions has that digest in that repository (pinned URIs outlive the image's next version).
 * URIs that name no catalog image are absent from the map.
 */
export async function resolveImages(db: Tx, uris: readonly string[]): Promise<Map<string, ResolvedImage>> {
  const unique = [...new Set(uris)];
  const resolved = new Map<string, ResolvedImage>();
  const toResolved = (image: { localRuntime: unknown } & Omit<ResolvedImage, "localRuntime" | "pinnedDigest">, pinnedDigest: string | null): ResolvedImage => ({
    ...image,
    localRuntime: LocalRuntime.nullable().catch(null).parse(image.localRuntime),
    pinnedDigest,
  });
  for (const image of await db.image.findMany({ where: { uri: { in: unique } }, select: IMAGE_SELECT })) {
    resolved.set(image.uri, toResolved(image, parseImageUri(image.uri)?.digest ?? null));
  }
  const pinned = unique.filter((uri) => !resolved.has(uri)).flatMap((uri) => {
    const digest = parseImageUri(uri)?.digest;
    return digest ? [{ uri, digest }] : [];
  });
  if (pinned.length === 0) return resolved;
  const versions = await db.imageVersion.findMany({ where: { digest: { in: pinned.map((p) => p.digest) } }, select: { digest: true, image: { select: IMAGE_SELECT } } });
  for (const { uri, digest } of pinned) {
    const match = versions.find((v) => v.digest === digest && pinnedUri(v.image.uri, digest) === uri);
    if (match) resolved.set(uri, toResolved(match.image, digest));
  }
  return resolved;
}

/** The URI a step should run for this image: pinned to the current digest when the catalog knows it (custom images). */
export function runnableUri(image: { uri: string; kind: string; digest: string | null }): string {
  if (image.kind !== "CUSTOM" || !image.digest) return image.uri;
  return pinnedUri(image.uri, image.digest) ?? image.uri;
}
