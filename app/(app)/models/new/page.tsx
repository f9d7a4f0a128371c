import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { modelFormOptions } from "@/lib/catalog/models/queries";
import { ModelForm } from "@/components/catalog/models/model-form";
import { NEW_MODEL } from "@/components/catalog/models/form-values";

export const metadata: Metadata = { title: "New model" };

export default async function NewModelPage() {
  await requireActor("catalog:write");
  const { images } = await modelFormOptions(prisma);
  return (
    <div className="max-w-4xl space-y-4">
      <h1 className="text-2xl font-semibold">New model</h1>
      <ModelForm initial={NEW_MODEL} images={images} />
    </div>
  );
}
