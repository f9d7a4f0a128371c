import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { buildFormChoices } from "@/lib/catalog/images/build/queries";
import { parseImageUri } from "@/lib/aws/ecr-uri";
import { BuildForm } from "@/components/catalog/images/build/build-form";

export const metadata: Metadata = { title: "Build an image" };

/** `?image=<id>`: rebuild that custom image, its repository, tag and current context chosen. */
export default async function BuildImagePage({ searchParams }: { searchParams: Promise<{ image?: string | string[] }> }) {
  await requireActor("catalog:write");
  const imageId = z.uuid().safeParse((await searchParams).image);
  const [choices, image] = await Promise.all([
    buildFormChoices(prisma),
    imageId.success ? prisma.image.findUnique({ where: { id: imageId.data }, select: { id: true, uri: true } }) : null,
  ]);
  const parsed = image ? parseImageUri(image.uri) : null;
  const held = image && choices.imageContexts.some((c) => c.id === image.id);
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <Link href="/images" className="hover:underline">
            Images
          </Link>{" "}
          / Build
        </p>
        <h1 className="text-2xl font-semibold">Build an image</h1>
        <p className="mt-1 text-slate-600">
          Ferry stores the build context, builds it with the environment&apos;s AWS CodeBuild project and registers the image it pushes to ECR by its digest, as a new
          version when the digest is new. Approvals bound to an earlier digest then need approving again.
        </p>
      </div>
      <BuildForm
        choices={choices}
        initial={{ repository: parsed?.repository ?? "", tag: parsed?.tag ?? "latest", source: held && image ? { kind: "image", id: image.id } : { kind: "upload" } }}
      />
    </div>
  );
}
