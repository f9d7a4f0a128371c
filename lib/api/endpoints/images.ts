import { z } from "zod";
import { authorize } from "@/lib/commands/command";
import { CreateImageInput } from "@/lib/catalog/images/commands";
import { registerImage, uploadBuildContext } from "@/lib/catalog/images/operations";
import { listImages } from "@/lib/catalog/images/queries";
import { SCRIPT_LIMITS } from "@/lib/catalog/scripts/file-names";
import { uploadedFiles, uploadLimits } from "@/lib/http/upload-inputs";
import { defineEndpoint } from "../endpoint";
import { jsonBody, multipartBody, operation } from "../handlers";
import { respond } from "../respond";
import { Image, ImageRegistered, ImageVersion } from "../schemas";
import { PROBLEM } from "./meta";

const ImageList = z.object({ data: z.array(Image) }).meta({ id: "ImageList" });

export const listImagesEndpoint = defineEndpoint({
  method: "GET",
  path: "/images",
  operationId: "listImages",
  tag: "Images",
  summary: "Registered images with their versions and the models that use them",
  responses: { 200: { description: "Every image (at most 500)", schema: ImageList }, 401: PROBLEM, 403: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "catalog:read", "images.list");
    return respond(ImageList, { data: await listImages(ctx.db) });
  },
});

export const registerImageEndpoint = defineEndpoint({
  method: "POST",
  path: "/images",
  operationId: "registerImage",
  tag: "Images",
  summary: "Register an ECR image URI (framework or custom)",
  body: { mediaType: "application/json", schema: CreateImageInput.meta({ id: "ImageFields" }) },
  responses: { 201: { description: "The registered image", schema: ImageRegistered }, 401: PROBLEM, 403: PROBLEM, 409: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => respond(ImageRegistered, await operation(ctx, registerImage, (await jsonBody(ctx)) as z.input<typeof CreateImageInput>), { status: 201 }),
});

const CONTEXT_LIMITS = uploadLimits({ files: SCRIPT_LIMITS.maxFiles, fileBytes: SCRIPT_LIMITS.maxFileBytes, totalFileBytes: SCRIPT_LIMITS.maxTotalBytes });

export const uploadImageContext = defineEndpoint({
  method: "POST",
  path: "/images/{image}/build-context",
  operationId: "uploadBuildContext",
  tag: "Images",
  summary: "A custom image's build context (a Dockerfile and what it copies); `newVersion=true` publishes it as the next version",
  params: z.object({ image: z.uuid() }),
  body: {
    mediaType: "multipart/form-data",
    schema: z.object({ files: z.array(z.string().meta({ format: "binary" })), newVersion: z.enum(["true", "false"]).optional() }),
  },
  responses: { 200: { description: "The image's version and digest", schema: ImageVersion }, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 413: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    const form = await multipartBody(ctx, "catalog:write", "images.upload_context", { ...CONTEXT_LIMITS, fields: 2 });
    const input = { imageId: ctx.params.image ?? "", files: uploadedFiles(form), newVersion: form.fields.get("newVersion") === "true" };
    return respond(ImageVersion, await operation(ctx, uploadBuildContext, input));
  },
});
