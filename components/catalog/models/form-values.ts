import type { ModelDetail } from "@/lib/catalog/models/queries";
import type { ModelFormValues } from "./model-form";

export const NEW_MODEL: ModelFormValues = {
  slug: "",
  displayName: "",
  team: "",
  ownerEmail: "",
  tags: [],
  description: "",
  inputUri: "",
  outputUri: "",
  instanceType: "ml.m5.xlarge",
  volumeSizeGb: 20,
  maxRuntimeSeconds: 3600,
  status: "INVENTORIED",
  imageId: "",
  scriptImageId: "",
};

export function formValuesOf(model: ModelDetail): ModelFormValues {
  return {
    id: model.id,
    slug: model.slug,
    displayName: model.displayName,
    team: model.team,
    ownerEmail: model.owner.email,
    tags: model.tags,
    description: model.description,
    inputUri: model.inputUri ?? "",
    outputUri: model.outputUri ?? "",
    instanceType: model.instanceType,
    volumeSizeGb: model.volumeSizeGb,
    maxRuntimeSeconds: model.maxRuntimeSeconds,
    status: model.status,
    imageId: model.image?.id ?? "",
    scriptImageId: model.scriptImage?.id ?? "",
  };
}
