import type { MultipartForm, MultipartLimits } from "./multipart";

/** Multipart framing per part (headers, boundary) on top of the files' own bytes. */
const FRAMING_BYTES = 64 * 1024;

export function uploadLimits(limits: { files: number; fileBytes: number; totalFileBytes: number; fields?: number }): MultipartLimits {
  return {
    totalBytes: limits.totalFileBytes + FRAMING_BYTES + limits.files * 1024,
    files: limits.files,
    fileBytes: limits.fileBytes,
    fields: limits.fields ?? 4,
    fieldBytes: 1024,
  };
}

/** The files of a form as the catalog's upload operations take them (name as sent, bytes in base64). */
export function uploadedFiles(form: MultipartForm): { name: string; base64: string }[] {
  return form.files.map((file) => ({ name: file.name, base64: Buffer.from(file.bytes).toString("base64") }));
}

/** A form rebuilt as web FormData, for operations that read one (the bulk lift). */
export function asFormData(form: MultipartForm): FormData {
  const data = new FormData();
  for (const [name, value] of form.fields) data.set(name, value);
  for (const file of form.files) data.append(file.field, new File([Buffer.from(file.bytes)], file.name));
  return data;
}

/** A route param as the one string it must be (catch-all params arrive as lists). */
export function param(params: Record<string, string | string[]>, name: string): string {
  const value = params[name];
  return typeof value === "string" ? value : "";
}
