import { z } from "zod";
import { AwsError } from "../errors";
import type { JsonService } from "../http/json-protocol";
import type { ImageRegistry } from "../images/registry";
import { ecrImages, type EcrImage, type EcrRepository, repositoriesOf } from "./images";

export interface EcrOptions {
  region: string;
  accountId: string;
}

const ImageId = z.object({ imageDigest: z.string().optional(), imageTag: z.string().optional() });
type ImageId = z.infer<typeof ImageId>;
const RepositoryRef = z.object({ registryId: z.string().optional(), repositoryName: z.string() });
const DescribeRepositories = z.object({ registryId: z.string().optional(), repositoryNames: z.array(z.string()).optional(), nextToken: z.string().optional(), maxResults: z.number().optional() });
const DescribeImages = RepositoryRef.extend({
  imageIds: z.array(ImageId).optional(),
  filter: z.object({ tagStatus: z.enum(["TAGGED", "UNTAGGED", "ANY"]).optional() }).optional(),
  nextToken: z.string().optional(),
  maxResults: z.number().optional(),
});
type Target = { registry: ImageRegistry; repository: EcrRepository | undefined; registryId: string; name: string; uri: string };
const BatchGetImage = RepositoryRef.extend({ imageIds: z.array(ImageId), acceptedMediaTypes: z.array(z.string()).optional() });

/** ECR's JSON timestamps are epoch seconds. */
const seconds = (iso: string) => Date.parse(iso) / 1000;

/**
 * ECR, for what Ferry and the AWS CLI ask of it: repositories, image details by tag or digest, manifests. Its
 * images are the engine's registry (images/): a custom image registered from a build context is in the
 * repository of its URI under its tag, with the digest of its manifest; AWS's framework images are known by URI.
 * Only URIs of this region's ECR (`<account>.dkr.ecr.<region>.amazonaws.com/<repository>`) are repositories.
 */
export function createEcrService(registry: () => Promise<ImageRegistry>, options: EcrOptions): JsonService {
  const repositoryIn = async (ref: z.infer<typeof RepositoryRef>): Promise<Target> => {
    const registryId = ref.registryId ?? options.accountId;
    const images = await registry();
    const repository = repositoriesOf(ecrImages(images, options.region), registryId).find((r) => r.name === ref.repositoryName);
    return { registry: images, repository, registryId, name: ref.repositoryName, uri: `${registryId}.dkr.ecr.${options.region}.amazonaws.com/${ref.repositoryName}` };
  };
  const missing = (name: string, registryId: string) =>
    new AwsError("RepositoryNotFoundException", `The repository with name '${name}' does not exist in the registry with id '${registryId}'`);

  return {
    handle: async (operation, body) => {
      switch (operation) {
        case "DescribeRepositories": {
          const request = DescribeRepositories.parse(body);
          const registryId = request.registryId ?? options.accountId;
          const all = repositoriesOf(ecrImages(await registry(), options.region), registryId);
          for (const name of request.repositoryNames ?? []) if (!all.some((r) => r.name === name)) throw missing(name, registryId);
          const chosen = request.repositoryNames ? all.filter((r) => request.repositoryNames?.includes(r.name)) : all;
          const start = request.nextToken ? chosen.findIndex((r) => r.name > String(request.nextToken)) : 0;
          const shown = start < 0 ? [] : chosen.slice(start, start + (request.maxResults ?? 100));
          const more = start >= 0 && start + shown.length < chosen.length;
          return { repositories: shown.map((r) => describeRepository(r, options.region)), ...(more ? { nextToken: shown.at(-1)?.name } : {}) };
        }
        case "DescribeImages": {
          const request = DescribeImages.parse(body);
          const target = await repositoryIn(request);
          const { repository, registryId } = target;
          const resolved = request.imageIds?.map((id) => ({ id, image: findImage(target, id) }));
          if (!repository && !resolved?.some((r) => r.image)) throw missing(request.repositoryName, registryId);
          const found = resolved?.map(({ id, image }) => image ?? notFound(id, request.repositoryName, registryId));
          const status = request.filter?.tagStatus ?? "ANY";
          const listed = found ?? (repository?.images ?? []).filter((i) => status === "ANY" || (status === "TAGGED") === i.tags.length > 0);
          return { imageDetails: listed.map((image) => imageDetail(image, registryId)) };
        }
        case "BatchGetImage": {
          const request = BatchGetImage.parse(body);
          const target = await repositoryIn(request);
          const { repository, registryId } = target;
          const results = request.imageIds.map((id) => ({ id, image: findImage(target, id) }));
          if (!repository && results.every((r) => !r.image)) throw missing(request.repositoryName, registryId);
          return {
            images: results.flatMap(({ id, image }) => (image && accepts(request.acceptedMediaTypes, image) ? [{ registryId, repositoryName: image.repositoryName, imageId: { imageDigest: image.manifest.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) }, imageManifest: image.manifest.manifest, imageManifestMediaType: image.manifest.mediaType }] : [])),
            failures: results.flatMap(({ id, image }) => (image && accepts(request.acceptedMediaTypes, image) ? [] : [failure(id, image)])),
          };
        }
        default:
          throw new AwsError("UnknownOperationException", `AmazonEC2ContainerRegistry_V20150921.${operation} is not supported by the embedded engine.`);
      }
    },
  };
}

function describeRepository(repository: EcrRepository, region: string) {
  return {
    repositoryArn: `arn:aws:ecr:${region}:${repository.registryId}:repository/${repository.name}`,
    registryId: repository.registryId,
    repositoryName: repository.name,
    repositoryUri: `${repository.registryId}.dkr.ecr.${region}.amazonaws.com/${repository.name}`,
    createdAt: seconds(repository.createdAt),
    imageTagMutability: "MUTABLE",
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: "AES256" },
  };
}

function imageDetail(image: EcrImage, registryId: string) {
  return {
    registryId,
    repositoryName: image.repositoryName,
    imageDigest: image.manifest.digest,
    ...(image.tags.length > 0 ? { imageTags: image.tags } : {}),
    imageSizeInBytes: image.manifest.size,
    imagePushedAt: seconds(image.pushedAt),
    imageManifestMediaType: image.manifest.mediaType,
    artifactMediaType: "application/vnd.docker.container.image.v1+json",
  };
}

/** By digest, by tag, or both (then they must agree); AWS's framework images by tag even when never registered. */
function findImage(target: Target, id: ImageId): EcrImage | undefined {
  const matches = (digest: string, tags: string[]) => (id.imageDigest === undefined || digest === id.imageDigest) && (id.imageTag === undefined || tags.includes(id.imageTag));
  const image = target.repository?.images.find((i) => matches(i.manifest.digest, i.tags));
  if (image || id.imageTag === undefined) return image;
  const stored = target.registry.unregisteredFramework(target.uri, id.imageTag);
  if (!stored || !matches(stored.manifest.digest, [id.imageTag])) return undefined;
  return { repositoryName: target.name, tags: [id.imageTag], pushedAt: stored.registeredAt, manifest: stored.manifest };
}

function notFound(id: ImageId, repositoryName: string, registryId: string): never {
  throw new AwsError(
    "ImageNotFoundException",
    `The image with imageId {imageDigest:'${id.imageDigest ?? "null"}', imageTag:'${id.imageTag ?? "null"}'} does not exist within the repository with name '${repositoryName}' in the registry with id '${registryId}'`,
  );
}

function accepts(mediaTypes: string[] | undefined, image: EcrImage): boolean {
  return mediaTypes === undefined || mediaTypes.includes(image.manifest.mediaType);
}

function failure(id: ImageId, image: EcrImage | undefined) {
  if (image) return { imageId: id, failureCode: "UnsupportedImageType", failureReason: `Requested image's media type ${image.manifest.mediaType} is not among the accepted ones` };
  return { imageId: id, failureCode: "ImageNotFound", failureReason: "Requested image not found" };
}
