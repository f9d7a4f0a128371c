import { z } from "zod";
import { AppError } from "@/lib/commands/errors";
import { sha256 } from "@/lib/storage/objects";
import { hasAllowedExtension, sanitizeFileName, SCRIPT_LIMITS } from "./scripts/file-names";

/** A file as the browser sends it to a server action: its name as given and its bytes in base64. */
export const UploadedFile = z.object({
  name: z.string({ error: "A file needs a name" }).max(1000, "File name is too long"),
  base64: z.string({ error: "A file needs content" }).max(Math.ceil((SCRIPT_LIMITS.maxFileBytes * 4) / 3) + 8, `A file can be at most ${SCRIPT_LIMITS.maxFileBytes / 1_000_000} MB`),
});
export const UploadedFiles = z
  .array(UploadedFile, { error: "Files must be a list" })
  .min(1, "Choose at least one file")
  .max(SCRIPT_LIMITS.maxFiles, `At most ${SCRIPT_LIMITS.maxFiles} files per upload`);

export type AcceptedFile = { name: string; bytes: Uint8Array; sha256: string; sizeBytes: number };

/** A file whose bytes are already in hand (an import from Git); the browser's base64 is decoded before the same checks. */
export type NamedBytes = { name: string; bytes: Uint8Array };

/** Browser files → accepted files: decoded from base64, then the checks of acceptBytes. */
export function acceptFiles(files: z.output<typeof UploadedFiles>, options: { anyExtension?: boolean } = {}): AcceptedFile[] {
  return acceptBytes(
    files.map((file) => ({ name: file.name, bytes: new Uint8Array(Buffer.from(file.base64, "base64")) })),
    options,
  );
}

/**
 * Names sanitised, kinds and sizes checked, duplicates refused; every problem named at once so the user can fix
 * the whole selection. Nothing is stored unless all files pass.
 */
export function acceptBytes(files: NamedBytes[], options: { anyExtension?: boolean } = {}): AcceptedFile[] {
  const problems: string[] = [];
  const accepted: AcceptedFile[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const file of files) {
    const clean = sanitizeFileName(file.name);
    if (!clean.ok) {
      problems.push(`"${file.name.slice(0, 80)}" ${clean.reason}`);
      continue;
    }
    if (!options.anyExtension && !hasAllowedExtension(clean.name)) {
      problems.push(`${clean.name}: this kind of file is not accepted (scripts, requirements, small data and config files)`);
      continue;
    }
    if (seen.has(clean.name)) {
      problems.push(`${clean.name} is in the selection twice`);
      continue;
    }
    seen.add(clean.name);
    const { bytes } = file;
    if (bytes.byteLength > SCRIPT_LIMITS.maxFileBytes) problems.push(`${clean.name} is larger than ${SCRIPT_LIMITS.maxFileBytes / 1_000_000} MB`);
    total += bytes.byteLength;
    accepted.push({ name: clean.name, bytes, sha256: sha256(bytes), sizeBytes: bytes.byteLength });
  }
  if (total > SCRIPT_LIMITS.maxTotalBytes) problems.push(`The files add up to more than ${SCRIPT_LIMITS.maxTotalBytes / 1_000_000} MB`);
  if (problems.length > 0) {
    throw new AppError("INVALID_INPUT", `Nothing was uploaded. ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}.`, { files: problems });
  }
  return accepted;
}
