import { z } from "zod";

const imageUri = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[a-z0-9][a-z0-9._\-/:]*(@sha256:[0-9a-f]{64})?$/i, "must be an image reference such as <registry>/<repository>:<tag>");

/** An allow-listed interpreter's name (or, for older callers, its exact configured path); checked by the registry. */
const interpreter = z.string().min(1).max(255);

/**
 * Body of `PUT /_ferry/images`. Nothing in it is a host path the engine would open: a custom image's build
 * context is an `s3://` prefix in the engine's own S3, and the interpreter is picked from the engine's
 * allow-list. Unknown fields (such as the former `buildContextDir`) are refused.
 */
export const imageRegistration = z.discriminatedUnion("kind", [
  z.strictObject({ imageUri, kind: z.literal("framework"), python: interpreter.optional() }),
  z.strictObject({
    imageUri,
    kind: z.literal("custom"),
    python: interpreter.optional(),
    buildContextUri: z.string().max(1024).regex(/^s3:\/\/[^/]+\/.+/, "must be s3://bucket/prefix"),
  }),
]);

export type ImageRegistration = z.infer<typeof imageRegistration>;
