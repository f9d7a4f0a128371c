import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/prisma";
import { listImages } from "@/lib/catalog/images/queries";
import { objectActorOf } from "@/lib/commands/object-access";
import { ImageTable } from "@/components/catalog/images/image-table";
import { RegisterImageForm } from "@/components/catalog/images/register-image-form";

export const metadata: Metadata = { title: "Images" };

export default async function ImagesPage() {
  const actor = await requireActor("catalog:read");
  const [images, subject] = await Promise.all([listImages(prisma), objectActorOf(prisma, actor)]);
  const canWrite = can(actor, "catalog:write");
  return (
    <div className="max-w-6xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Images</h1>
        <p className="mt-1 text-slate-600">
          Container images the pipelines run. Images in use cannot be deleted, only deprecated; a version an approved deployment runs is replaced only by a new version. Only an
          image&apos;s owner and admins change it.
        </p>
      </div>
      <ImageTable images={images} actor={canWrite ? subject : null} />
      {canWrite && <RegisterImageForm />}
    </div>
  );
}
