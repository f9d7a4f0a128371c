/** An image URI split as Docker reads it: `<repository>:<tag>` (tag `latest` when absent) or `<repository>@sha256:<hex>`. */
export type ImageReference = { repository: string; tag: string; digest?: undefined } | { repository: string; digest: string; tag?: undefined };

export function parseReference(imageUri: string): ImageReference {
  const at = imageUri.indexOf("@");
  if (at >= 0) return { repository: withoutTag(imageUri.slice(0, at)), digest: imageUri.slice(at + 1) };
  const colon = imageUri.lastIndexOf(":");
  return colon > imageUri.lastIndexOf("/") ? { repository: imageUri.slice(0, colon), tag: imageUri.slice(colon + 1) } : { repository: imageUri, tag: "latest" };
}

/** The registry's key for a reference: `repo:tag` or `repo@sha256:…`. */
export function referenceKey(reference: ImageReference): string {
  return reference.digest !== undefined ? `${reference.repository}@${reference.digest}` : `${reference.repository}:${reference.tag}`;
}

/** `repo:tag@sha256:…` names the digest; the tag is decoration. */
function withoutTag(name: string): string {
  const colon = name.lastIndexOf(":");
  return colon > name.lastIndexOf("/") ? name.slice(0, colon) : name;
}
