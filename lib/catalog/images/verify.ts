import { DescribeImagesCommand, ImageNotFoundException, RepositoryNotFoundException } from "@aws-sdk/client-ecr";
import type { PrismaClient } from "@/generated/prisma/client";
import { clientsFor } from "@/lib/aws/clients";
import type { Principal } from "@/lib/aws/targets";
import { AppError } from "@/lib/commands/errors";
import { ecrEnvironmentFor } from "@/lib/catalog/storage";
import { parseImageUri } from "@/lib/aws/ecr-uri";

/**
 * An image's digest as ECR reports it (DescribeImages by the URI's tag, or its pinned digest), asked of the
 * environment of the image's region: AWS's ECR, or the engine's, which answers for the images registered with it
 * and for AWS's framework images. This is how Ferry learns every digest an approval binds, whatever the mode.
 */
export async function ecrDigestOf(db: PrismaClient, uri: string, principal: Principal): Promise<string> {
  const image = parseImageUri(uri);
  if (!image) throw new AppError("INVALID_INPUT", "The image URI is not an ECR URI.");
  const environment = await ecrEnvironmentFor(db, image.region);
  if (!environment) throw new AppError("CONFLICT", `Verifying needs an environment in ${image.region}, whose ECR holds the image; an admin can add one.`);
  const imageId = image.digest ? { imageDigest: image.digest } : { imageTag: image.tag ?? "latest" };
  try {
    const out = await clientsFor(environment, principal).ecr.send(new DescribeImagesCommand({ registryId: image.account, repositoryName: image.repository, imageIds: [imageId] }));
    const digest = out.imageDetails?.[0]?.imageDigest;
    if (!digest) throw new AppError("NOT_FOUND", `ECR has no image ${uri}.`);
    return digest;
  } catch (error) {
    if (error instanceof ImageNotFoundException || error instanceof RepositoryNotFoundException) {
      throw new AppError("NOT_FOUND", `ECR has no image ${uri} (${error.name}).`, undefined, error.message);
    }
    throw error;
  }
}
