import path from "node:path";
import { z } from "zod";

/** Body of `PUT /_ferry/images`. */
export const imageRegistration = z.union([
  z.object({
    imageUri: z.string().min(1).max(255),
    kind: z.literal("framework"),
    python: z.string().refine(path.isAbsolute, "must be an absolute path").optional(),
  }),
  z.object({
    imageUri: z.string().min(1).max(255),
    kind: z.literal("custom"),
    python: z.string().refine(path.isAbsolute, "must be an absolute path").optional(),
    buildContextUri: z.string().regex(/^s3:\/\/[^/]+\/.+/, "must be s3://bucket/prefix"),
  }),
  z.object({
    imageUri: z.string().min(1).max(255),
    kind: z.literal("custom"),
    python: z.string().refine(path.isAbsolute, "must be an absolute path").optional(),
    buildContextDir: z.string().refine(path.isAbsolute, "must be an absolute path"),
  }),
]);

export type ImageRegistration = z.infer<typeof imageRegistration>;
