import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/prisma";
import { listImages } from "@/lib/catalog/images/queries";
import { objectActorOf } from "@/lib/commands/object-access";
import { ImageTable } from "@/components/catalog/images/image-table";
import { RegisterImageForm } from "@/components/catalog/images/register-image-form";
import { recentBuilds } from "@/lib/catalog/images/build/queries";
import { BuildList } from "@/components/catalog/images/build/build-list";

export const metadata: Metadata = { title: "Images" };

export default async function ImagesPage() {
  const actor = await requireActor("catalog:read");
  const [images, subject, builds] = await Promise.all([listImages(prisma), objectActorOf(prisma, actor), recentBuilds(prisma)]);
  const canWrite = can(actor, "catalog:write");
  return (
    <div className="max-w-6xl space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
        <h1 className="text-2xl font-semibold">Images</h1>
        <p className="mt-1 text-slate-600">
          Container images the pipelines run. Images in use cannot be deleted, only deprecated; a version an approved deployment runs is replaced only by a new version. Only an
          image&apos;s owner and admins change it.
        </p>
        </div>
        {canWrite && (
          <Link href="/images/build" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white">
            Build an image
          </Link>
        )}
      </div>
      <ImageTable images={images} actor={canWrite ? subject : null} />
      <section aria-label="Builds" className="space-y-2">
        <h2 className="font-medium">Builds</h2>
        <BuildList builds={builds} />
      </section>
      {canWrite && <RegisterImageForm />}
    </div>
  );
}
