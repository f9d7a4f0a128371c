import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { prisma } from "@/lib/db/prisma";
import { findModel, modelAccess, modelFormOptions } from "@/lib/catalog/models/queries";
import { slugField } from "@/lib/catalog/models/fields";
import { ModelForm } from "@/components/catalog/models/model-form";
import { formValuesOf } from "@/components/catalog/models/form-values";

export const metadata: Metadata = { title: "Edit model" };

export default async function EditModelPage({ params }: { params: Promise<{ slug: string }> }) {
  const actor = await requireActor("catalog:write");
  const slug = slugField.safeParse((await params).slug);
  if (!slug.success) notFound();
  const [model, { images }] = await Promise.all([findModel(prisma, slug.data), modelFormOptions(prisma)]);
  if (!model) notFound();
  if (!(await modelAccess(prisma, actor, model)).canEdit) forbidden();
  return (
    <div className="max-w-4xl space-y-4">
      <h1 className="text-2xl font-semibold">Edit {model.displayName}</h1>
      <ModelForm initial={formValuesOf(model)} images={images} />
    </div>
  );
}
