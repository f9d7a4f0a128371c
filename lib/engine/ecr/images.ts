import type { ImageManifest } from "../images/manifest";
import type { ImageRegistry } from "../images/registry";

/** An image of a repository as ECR describes it: every tag that points at its digest, first pushed when. */
export interface EcrImage {
  repositoryName: string;
  tags: string[];
  pushedAt: string;
  manifest: ImageManifest;
}

export interface EcrRepository {
  registryId: string;
  name: string;
  /** `<registry>.dkr.ecr.<region>.amazonaws.com/<name>`: the image URIs' prefix. */
  uri: string;
  createdAt: string;
  images: EcrImage[];
}

const ECR_REPOSITORY = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(.+)$/;

/** The registry's images that live in this region's ECR, grouped by repository and digest. */
export function ecrImages(registry: ImageRegistry, region: string): EcrRepository[] {
  const repositories = new Map<string, EcrRepository>();
  for (const stored of registry.images()) {
    const match = ECR_REPOSITORY.exec(stored.repository);
    const [registryId, imageRegion, name] = [match?.[1], match?.[2], match?.[3]];
    if (!registryId || !name || imageRegion !== region) continue;
    let repository = repositories.get(stored.repository);
    if (!repository) {
      repository = { registryId, name, uri: stored.repository, createdAt: stored.registeredAt, images: [] };
      repositories.set(stored.repository, repository);
    }
    if (stored.registeredAt < repository.createdAt) repository.createdAt = stored.registeredAt;
    let image = repository.images.find((i) => i.manifest.digest === stored.manifest.digest);
    if (!image) {
      image = { repositoryName: name, tags: [], pushedAt: stored.registeredAt, manifest: stored.manifest };
      repository.images.push(image);
    }
    if (stored.tag !== undefined && !image.tags.includes(stored.tag)) image.tags.push(stored.tag);
    if (stored.registeredAt < image.pushedAt) image.pushedAt = stored.registeredAt;
  }
  return [...repositories.values()];
}

export function repositoriesOf(repositories: EcrRepository[], registryId: string): EcrRepository[] {
  return repositories.filter((r) => r.registryId === registryId).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
