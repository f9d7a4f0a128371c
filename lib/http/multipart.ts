import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { AppError } from "@/lib/commands/errors";
import { cappedStream, requireDeclaredLength } from "./body";

export type MultipartLimits = {
  /** The whole body, framing included. */
  totalBytes: number;
  files: number;
  fileBytes: number;
  /** Plain (non-file) fields, and the size of each. */
  fields: number;
  fieldBytes: number;
};

export type MultipartFile = { field: string; name: string; bytes: Uint8Array };
export type MultipartForm = { fields: Map<string, string>; files: MultipartFile[] };

const refused = (message: string) => new AppError("INVALID_INPUT", message);

/**
 * Reads a multipart/form-data body as it streams in, with every limit enforced while reading (never after
 * buffering the whole body). Malformed framing and exceeded limits are 4xx with a message, never a 500.
 */
export async function readMultipart(request: Request, limits: MultipartLimits): Promise<MultipartForm> {
  requireDeclaredLength(request.headers, limits.totalBytes);
  if (!request.body) throw refused("The upload is empty.");
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": request.headers.get("content-type") ?? "" },
      defParamCharset: "utf8",
      limits: { files: limits.files, fileSize: limits.fileBytes, fields: limits.fields, fieldSize: limits.fieldBytes, parts: limits.files + limits.fields },
    });
  } catch {
    throw refused("The upload is not valid multipart form data (missing boundary).");
  }
  const form: MultipartForm = { fields: new Map(), files: [] };
  let problem: AppError | null = null;
  const fail = (error: AppError) => {
    problem ??= error;
  };
  parser.on("field", (name, value, info) => {
    if (info.valueTruncated) fail(refused(`The field ${name.slice(0, 40)} is too long.`));
    form.fields.set(name, value);
  });
  parser.on("file", (field, stream, info) => {
    const name = info.filename ?? "";
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("limit", () => fail(refused(`${name.slice(0, 80) || "A file"} is larger than ${Math.round(limits.fileBytes / 100_000) / 10} MB.`)));
    stream.on("close", () => form.files.push({ field, name, bytes: new Uint8Array(Buffer.concat(chunks)) }));
  });
  parser.on("filesLimit", () => fail(refused(`At most ${limits.files} files per upload.`)));
  parser.on("fieldsLimit", () => fail(refused("The upload has too many fields.")));
  parser.on("partsLimit", () => fail(refused("The upload has too many parts.")));
  try {
    await pipeline(Readable.fromWeb(cappedStream(request.body, limits.totalBytes) as import("node:stream/web").ReadableStream<Uint8Array>), parser);
  } catch (error) {
    throw error instanceof AppError ? error : refused("The upload is not valid multipart form data.");
  }
  if (problem) throw problem;
  return form;
}
