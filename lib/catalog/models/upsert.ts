import { z } from "zod";
import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { modelTarget } from "@/lib/commands/object-access";
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
  statusClaimProblem,
  tagsField,
  teamField,
  volumeSizeField,
} from "./fields";
import { eligibleOwner } from "./ownership";

/** Each field of a model, without defaults: a create fills the defaults, an edit keeps what it was not given. */
const FIELD_RULES = {
  slug: slugField,
  displayName: nameField("Display name", 120),
  team: teamField,
  /** The owner's email when creating; afterwards ownership changes only through models.transfer. */
  ownerEmail: emailField,
  tags: tagsField,
  description: descriptionField(4000),
  inputUri: dataUriField("Input URI"),
  outputUri: dataUriField("Output URI"),
  instanceType: instanceTypeField,
  volumeSizeGb: volumeSizeField,
  maxRuntimeSeconds: maxRuntimeField,
  status: ModelStatusField,
};

const DEFAULTS = {
  tags: [] as string[],
  description: "",
  inputUri: null,
  outputUri: null,
  instanceType: "ml.m5.xlarge",
  volumeSizeGb: 20,
  maxRuntimeSeconds: 3600,
  status: "INVENTORIED",
} as const;

/**
 * A model's own fields, as one manifest row gives them. Bulk import (lib/catalog/bulk) validates its rows with
 * this schema, so a model is valid the same way however it arrives.
 */
export const ModelFields = z.object({
  ...FIELD_RULES,
  ownerEmail: FIELD_RULES.ownerEmail.optional(),
  tags: FIELD_RULES.tags.default(DEFAULTS.tags),
  description: FIELD_RULES.description.default(DEFAULTS.description),
  inputUri: FIELD_RULES.inputUri.default(DEFAULTS.inputUri),
  outputUri: FIELD_RULES.outputUri.default(DEFAULTS.outputUri),
  instanceType: FIELD_RULES.instanceType.default(DEFAULTS.instanceType),
  volumeSizeGb: FIELD_RULES.volumeSizeGb.default(DEFAULTS.volumeSizeGb),
  maxRuntimeSeconds: FIELD_RULES.maxRuntimeSeconds.default(DEFAULTS.maxRuntimeSeconds),
  status: FIELD_RULES.status.default(DEFAULTS.status),
});
export type ModelFieldValues = z.output<typeof ModelFields>;

/** An image choice: an id, "" or null to clear it, left out to keep it. */
const imageChoice = (label: string) =>
  z
    .union([idField(label), z.literal(""), z.null()])
    .optional()
    .transform((v) => (v === undefined ? undefined : v || null));

/** Creating names at least slug, display name and team; editing (with `id`) names only what changes. */
export const SaveModelInput = z.object(FIELD_RULES).partial().extend({
  id: idField("Model").optional(),
  imageId: imageChoice("Image"),
  scriptImageId: imageChoice("Script image"),
});
type SaveModel = z.output<typeof SaveModelInput>;

async function checkImage(tx: Tx, id: string | null | undefined, field: string) {
  if (!id) return;
  const image = await tx.image.findUnique({ where: { id }, select: { status: true, uri: true } });
  if (!image) throw new AppError("INVALID_INPUT", "That image is not registered.", { [field]: ["Unknown image"] });
  if (image.status === "DEPRECATED") {
    throw new AppError("INVALID_INPUT", `${image.uri} is deprecated; choose an active image.`, { [field]: ["Deprecated image"] });
  }
}

/** Approved and live are reached through deployments; a form cannot claim them (it may keep them unchanged). */
function checkStatus(status: string | undefined, before: string | null) {
  const problem = statusClaimProblem(status, before);
  if (problem) throw new AppError("INVALID_INPUT", problem, { status: ["Set by deployments"] });
}

const CHANGEABLE = ["slug", "displayName", "team", "tags", "description", "inputUri", "outputUri", "instanceType", "volumeSizeGb", "maxRuntimeSeconds", "status", "imageId", "scriptImageId"] as const;

/** The fields the input names (undefined means "not given"), ready for Prisma. */
function givenFields(input: SaveModel) {
  const entries = CHANGEABLE.flatMap((key) => (input[key] === undefined ? [] : [[key, input[key]] as const]));
  return Object.fromEntries(entries) as Partial<Pick<Required<SaveModel>, (typeof CHANGEABLE)[number]>>;
}

function requireCreateFields(input: SaveModel) {
  const missing = (["slug", "displayName", "team"] as const).filter((key) => input[key] === undefined);
  if (missing.length === 0) return { slug: input.slug ?? "", displayName: input.displayName ?? "", team: input.team ?? "" };
  const fieldErrors = Object.fromEntries(missing.map((key) => [key, ["Required to create a model"]]));
  throw new AppError("INVALID_INPUT", `Please correct the input. ${missing[0]}: Required to create a model`, fieldErrors);
}

async function createModel(tx: Tx, input: SaveModel, callerId: string) {
  const required = requireCreateFields(input);
  checkStatus(input.status, null);
  const ownerId = input.ownerEmail ? (await eligibleOwner(tx, input.ownerEmail)).id : callerId;
  const created = await tx.model.create({ data: { ...DEFAULTS, ...givenFields(input), ...required, ownerId }, select: { id: true, slug: true } });
  return { result: created, audit: { targetType: "model", targetId: created.id, summary: `Created model ${created.slug}` } };
}

async function updateModel(tx: Tx, id: string, input: SaveModel) {
  const before = await tx.model.findUnique({ where: { id }, select: { owner: { select: { email: true } }, ...CHANGE_SELECT } });
  if (!before) throw new AppError("NOT_FOUND", "That model no longer exists.");
  if (input.ownerEmail !== undefined && input.ownerEmail !== before.owner.email) {
    throw new AppError("INVALID_INPUT", "The owner changes only through Transfer ownership (the owner or an admin), never by saving the model.", { ownerEmail: ["Use Transfer ownership"] });
  }
  // The slug is the code prefix (ferry/code/<slug>/<version>/, staged objects included): fixed once code exists.
  if (input.slug !== undefined && before.slug !== input.slug && (await tx.codeVersion.count({ where: { modelId: id } })) > 0) {
    throw new AppError("INVALID_INPUT", "The name cannot change once scripts are uploaded: it is the model's code prefix.", { slug: ["Fixed once code is uploaded"] });
  }
  checkStatus(input.status, before.status);
  const data = givenFields(input);
  const changed = Object.entries(data).filter(([key, value]) => JSON.stringify(before[key as keyof typeof CHANGE_SELECT]) !== JSON.stringify(value)).map(([key]) => key);
  const updated = await tx.model.update({ where: { id }, data, select: { id: true, slug: true } });
  return {
    result: updated,
    audit: {
      targetType: "model",
      targetId: updated.id,
      summary: changed.length > 0 ? `Edited ${updated.slug}: ${changed.join(", ")}` : `Saved ${updated.slug} without changes`,
      details: { changed },
    },
  };
}

/** Creates a model, or updates the fields it names when `id` is given; the audit records which fields changed. */
export const saveModel = defineCommand({
  name: "models.save",
  permission: "catalog:write",
  input: SaveModelInput,
  object: async ({ tx, input }) => (input.id ? { action: "model:edit", target: await modelTarget(tx, input.id) } : null),
  run: async ({ tx, input, actor }) => {
    await checkImage(tx, input.imageId, "imageId");
    await checkImage(tx, input.scriptImageId, "scriptImageId");
    return input.id ? updateModel(tx, input.id, input) : createModel(tx, input, actor.id);
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
