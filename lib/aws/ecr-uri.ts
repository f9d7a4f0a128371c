import { z } from "zod";

/**
 * Container image URIs SageMaker Processing accepts: private ECR, `<account>.dkr.ecr.<region>.amazonaws.com
 * [.cn]/<repository>[:tag|@sha256:<digest>]`, which includes AWS's own framework images (they live in AWS-owned
 * accounts). The one place Ferry parses an image URI; lib/pipelines/iam.ts derives repository ARNs from it.
 */
const REPOSITORY = String.raw`(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`;
const REGISTRY = String.raw`(?<account>\d{12})\.dkr\.ecr\.(?<region>[a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?<cn>\.cn)?`;
const REFERENCE = String.raw`(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})|@(?<digest>sha256:[a-f0-9]{64}))?`;

/** Registry and repository only: enough to name the repository (IAM grants), whatever follows. */
const ECR_REPOSITORY = new RegExp(`^${REGISTRY}\\/(?<repository>${REPOSITORY})(?=$|[:@])`);
/** The whole URI, as SageMaker accepts it. */
export const ECR_IMAGE_URI = new RegExp(`^${REGISTRY}\\/(?<repository>${REPOSITORY})${REFERENCE}$`);

export type EcrImage = { account: string; region: string; partition: "aws" | "aws-cn"; repository: string; tag: string | null; digest: string | null };

/** The ECR repository an image URI names, without judging its tag or digest. */
export function ecrRepositoryOf(uri: string): Pick<EcrImage, "account" | "region" | "repository"> | null {
  const groups = ECR_REPOSITORY.exec(uri)?.groups;
  if (!groups?.account || !groups.region || !groups.repository) return null;
  return { account: groups.account, region: groups.region, repository: groups.repository };
}

export function parseImageUri(uri: string): EcrImage | null {
  const groups = ECR_IMAGE_URI.exec(uri)?.groups;
  if (!groups?.account || !groups.region || !groups.repository) return null;
  return {
    account: groups.account,
    region: groups.region,
    partition: groups.cn ? "aws-cn" : "aws",
    repository: groups.repository,
    tag: groups.tag ?? null,
    digest: groups.digest ?? null,
  };
}

// The repositories of AWS's SageMaker framework images and deep-learning containers (as the engine knows them).
const FRAMEWORK_REPOSITORY = /^(sagemaker-[a-z0-9-]+|(pytorch|tensorflow|mxnet)-(training|inference)|huggingface-[a-z0-9-]+)$/;

export function isAwsFrameworkImage(image: EcrImage): boolean {
  return FRAMEWORK_REPOSITORY.test(image.repository);
}

export const imageUriField = z
  .string({ error: "Image URI must be text" })
  .trim()
  .max(512, "Image URI must be at most 512 characters")
  .refine(
    (uri) => parseImageUri(uri) !== null,
    "Image URI must be an ECR image: <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag or @sha256:<digest>]",
  );

/**
 * The URI that names exactly one build: `<registry>/<repository>@sha256:...` (any tag dropped). SageMaker pulls
 * by digest, and the embedded engine resolves a digest to the build it returned for it, so a run of a pinned URI
 * executes those bytes whatever the tag points at later.
 */
export function pinnedUri(uri: string, digest: string): string | null {
  const repository = ECR_REPOSITORY.exec(uri);
  return repository ? `${repository[0]}@${digest}` : null;
}
