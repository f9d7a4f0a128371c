import { AppError } from "@/lib/commands/errors";

/** A problem with the uploaded file as a whole (too big, not a zip, a path that escapes): nothing is imported. */
export function refusedFile(userMessage: string, internal?: string): AppError {
  return new AppError("INVALID_INPUT", userMessage, { file: [userMessage] }, internal);
}
