import { z } from "zod";
import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { idField } from "@/lib/validation/fields";
import {
  dataUriField,
  descriptionField,
  emailField,
  instanceTypeField,
  maxRuntimeField,
  ModelStatusField,
  nameField,
  slugField,
  MANUAL_STATUSES,
  tagsField,
  teamField,
  volumeSizeField,
} from "./fields";

/**
 * A model's own fields, as a form or one manifest row gives them. Bulk import (lib/catalog/bulk) validates its
 * rows with this schema, so a model is valid the same way however it arrives.
 */
export const ModelFields = z.object({
  slug: slugField,
  displayName: nameField("Display name", 120),
  team: teamField,
  /** The owner's email; the caller owns the model when it is left out. */
  ownerEmail: emailField.optional(),
  tags: tagsField.default([]),
  description: descriptionField(4000).default(""),
  inputUri: dataUriField("Input URI").default(null),
  outputUri: dataUriField("Output URI").default(null),
  instanceType: instanceTypeField.default("ml.m5.xlarge"),
  volumeSizeGb: volumeSizeField.default(20),
  maxRuntimeSeconds: maxRuntimeField.default(3600),
  status: ModelStatusField.default("INVENTORIED"),
});
export type ModelFieldValues = z.output<typeof ModelFields>;

const optionalId = (label: string) =>
  z
    .union([idField(label), z.literal(""), z.null()])
    .optional()
    .transform((v) => (v ? v : null));

export const SaveModelInput = ModelFields.extend({
  /** Present when editing. */
  id: idField("Model").optional(),
  imageId: optionalId("Image"),
  scriptImageId: optionalId("Script image"),
});

/** The owner named by email, or the caller. Unknown emails are refused rather than silently reassigned. */
export async function resolveOwner(tx: Tx, ownerEmail: string | undefined, fallbackId: string): Promise<string> {
  if (!ownerEmail) return fallbackId;
  const owner = await tx.user.findUnique({ where: { email: ownerEmail }, select: { id: true } });
  if (!owner) throw new AppError("INVALID_INPUT", `No Ferry user has the email ${ownerEmail}.`, { ownerEmail: ["No user has this email"] });
  return owner.id;
}

async function checkImage(tx: Tx, id: string | null, field: string) {
  if (!id) return;
  const image = await tx.image.findUnique({ where: { id }, select: { status: true, uri: true } });
  if (!image) throw new AppError("INVALID_INPUT", "That image is not registered.", { [field]: ["Unknown image"] });
  if (image.status === "DEPRECATED") {
    throw new AppError("INVALID_INPUT", `${image.uri} is deprecated; choose an active image.`, { [field]: ["Deprecated image"] });
  }
}

const isManual = (status: string) => (MANUAL_STATUSES as readonly string[]).includes(status);

/** Approved and live are reached through deployments; a form cannot claim them (it may keep them unchanged). */
function checkStatus(status: string, before: string | null) {
  if (isManual(status) || status === before) return;
  throw new AppError("INVALID_INPUT", "Approved and live come from an approved deployment; set inventoried, containerised or ready.", { status: ["Set by deployments"] });
}

function modelData(input: z.output<typeof SaveModelInput>, ownerId: string) {
  return {
    slug: input.slug,
    displayName: input.displayName,
    team: input.team,
    ownerId,
    tags: input.tags,
    description: input.description,
    inputUri: input.inputUri,
    outputUri: input.outputUri,
    instanceType: input.instanceType,
    volumeSizeGb: input.volumeSizeGb,
    maxRuntimeSeconds: input.maxRuntimeSeconds,
    status: input.status,
    imageId: input.imageId,
    scriptImageId: input.scriptImageId,
  };
}

/** Creates a model, or updates it when `id` is given; the audit records which fields changed. */
export const saveModel = defineCommand({
  name: "models.save",
  permission: "catalog:write",
  input: SaveModelInput,
  run: async ({ tx, input, actor }) => {
    await checkImage(tx, input.imageId, "imageId");
    await checkImage(tx, input.scriptImageId, "scriptImageId");
    if (!input.id) {
      checkStatus(input.status, null);
      const ownerId = await resolveOwner(tx, input.ownerEmail, actor.id);
      const created = await tx.model.create({ data: modelData(input, ownerId), select: { id: true, slug: true } });
      return { result: created, audit: { targetType: "model", targetId: created.id, summary: `Created model ${created.slug}` } };
    }
    const before = await tx.model.findUnique({ where: { id: input.id }, select: { ownerId: true, ...CHANGE_SELECT } });
    if (!before) throw new AppError("NOT_FOUND", "That model no longer exists.");
    // The slug is the code prefix (ferry/code/<slug>/<version>/, staged objects included): fixed once code exists.
    if (before.slug !== input.slug && (await tx.codeVersion.count({ where: { modelId: input.id } })) > 0) {
      throw new AppError("INVALID_INPUT", "The name cannot change once scripts are uploaded: it is the model's code prefix.", { slug: ["Fixed once code is uploaded"] });
    }
    checkStatus(input.status, before.status);
    const ownerId = await resolveOwner(tx, input.ownerEmail, before.ownerId);
    const data = modelData(input, ownerId);
    const changed = Object.keys(CHANGE_SELECT).filter((key) => JSON.stringify(before[key as keyof typeof CHANGE_SELECT]) !== JSON.stringify(data[key as keyof typeof CHANGE_SELECT]));
    if (before.ownerId !== ownerId) changed.push("owner");
    const updated = await tx.model.update({ where: { id: input.id }, data, select: { id: true, slug: true } });
    return {
      result: updated,
      audit: {
        targetType: "model",
        targetId: updated.id,
        summary: changed.length > 0 ? `Edited ${updated.slug}: ${changed.join(", ")}` : `Saved ${updated.slug} without changes`,
        details: { changed },
      },
    };
  },
});

const CHANGE_SELECT = {
  slug: true,
  displayName: true,
  team: true,
  tags: true,
  description: true,
  inputUri: true,
  outputUri: true,
  instanceType: true,
  volumeSizeGb: true,
  maxRuntimeSeconds: true,
  status: true,
  imageId: true,
  scriptImageId: true,
} as const;
