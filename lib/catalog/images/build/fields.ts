import { z } from "zod";
import { UploadedFiles } from "@/lib/catalog/uploads";
import { idField } from "@/lib/validation/fields";

/** ECR's rules for a repository name (2–256 characters, lower case, `/` between path parts) and a tag. */
export const repositoryField = z
  .string({ error: "Repository must be text" })
  .trim()
  .min(2, "Repository must be at least 2 characters")
  .max(256, "Repository must be at most 256 characters")
  .regex(/^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/, "Repository must be lower case letters, digits and . _ - (parts separated by /)");

export const tagField = z
  .string({ error: "Tag must be text" })
  .trim()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "Tag must be letters, digits, _ . - (at most 128, not starting with . or -)");

/**
 * A build request: where to build (an environment; default the catalog's), what to call the image, and its
 * context: uploaded files, or a context Ferry already holds (an earlier build's, or a custom image's current one).
 */
export const RequestBuildInput = z
  .object({
    environmentId: idField("Environment").optional(),
    repository: repositoryField,
    tag: tagField,
    files: UploadedFiles.optional(),
    fromBuildId: idField("Build").optional(),
    fromImageId: idField("Image").optional(),
  })
  .refine((input) => [input.files, input.fromBuildId, input.fromImageId].filter((source) => source !== undefined).length === 1, {
    message: "Upload a build context or pick one (exactly one)",
    path: ["files"],
  });
export type RequestBuildInput = z.infer<typeof RequestBuildInput>;

export const BUILD_STATUSES = ["QUEUED", "IN_PROGRESS", "SUCCEEDED", "FAILED", "STOPPED"] as const;
export const FINAL_STATUSES: readonly string[] = ["SUCCEEDED", "FAILED", "STOPPED"];

/** A CodeBuild phase as Ferry keeps it on the build row. */
export const BuildPhase = z.object({
  phaseType: z.string(),
  phaseStatus: z.string().nullable(),
  durationInSeconds: z.number().nullable(),
  message: z.string().nullable(),
});
export type BuildPhase = z.infer<typeof BuildPhase>;
