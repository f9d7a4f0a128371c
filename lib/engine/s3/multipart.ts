import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AwsError } from "../errors";
import { readJson, writeJsonAtomic } from "../store/json-file";
import type { NewObject, ObjectMeta, S3Store } from "./store";
import { writeStreamToFile } from "./write-file";

interface Upload extends NewObject {
  bucket: string;
  key: string;
  initiated: number;
}

interface PartRecord {
  etag: string;
  size: number;
}

const UPLOAD_ID = /^[0-9a-f-]{36}$/;
const MIN_PART_SIZE = 5 * 1024 * 1024;

/** Multipart uploads live on disk under `uploads/<id>/` so an upload can continue across an engine restart. */
export class MultipartUploads {
  constructor(
    private readonly root: string,
    private readonly store: S3Store,
  ) {}

  async create(bucket: string, key: string, options: NewObject): Promise<string> {
    this.store.bucket(bucket);
    const id = randomUUID();
    const upload: Upload = { bucket, key, initiated: Date.now(), ...options };
    await writeJsonAtomic(path.join(this.dir(id), "upload.json"), upload);
    return id;
  }

  async uploadPart(bucket: string, key: string, id: string, partNumber: number, body: Readable, expectedMd5?: string): Promise<string> {
    await this.load(bucket, key, id);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
      throw new AwsError("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive", 400);
    }
    const file = path.join(this.dir(id), `part-${partNumber}`);
    const tmp = `${file}.${randomUUID()}.tmp`;
    const { md5, size } = await writeStreamToFile(body, tmp, expectedMd5);
    await rename(tmp, file);
    const etag = `"${md5}"`;
    await writeJsonAtomic(`${file}.json`, { etag, size } satisfies PartRecord);
    return etag;
  }

  async complete(
    bucket: string,
    key: string,
    id: string,
    parts: { partNumber: number; etag: string }[],
  ): Promise<ObjectMeta> {
    const upload = await this.load(bucket, key, id);
    if (parts.length === 0) throw new AwsError("MalformedXML", "The XML you provided was not well-formed.", 400);
    const records: PartRecord[] = [];
    let previous = 0;
    for (const [index, part] of parts.entries()) {
      if (part.partNumber <= previous) {
        throw new AwsError("InvalidPartOrder", "The list of parts was not in ascending order.", 400);
      }
      previous = part.partNumber;
      const record = await readJson<PartRecord>(path.join(this.dir(id), `part-${part.partNumber}.json`));
      if (!record || normaliseEtag(record.etag) !== normaliseEtag(part.etag)) {
        throw new AwsError("InvalidPart", "One or more of the specified parts could not be found.", 400);
      }
      if (index < parts.length - 1 && record.size < MIN_PART_SIZE) {
        throw new AwsError("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.", 400);
      }
      records.push(record);
    }
    const assembled = path.join(this.dir(id), `assembled-${randomUUID()}`);
    const out = createWriteStream(assembled);
    for (const part of parts) {
      await pipeline(createReadStream(path.join(this.dir(id), `part-${part.partNumber}`)), out, { end: false });
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const combined = createHash("md5");
    for (const record of records) combined.update(Buffer.from(normaliseEtag(record.etag), "hex"));
    const etag = `"${combined.digest("hex")}-${records.length}"`;
    const meta = await this.store.adopt(bucket, key, assembled, etag, {
      contentType: upload.contentType,
      metadata: upload.metadata,
    });
    await rm(this.dir(id), { recursive: true, force: true });
    return meta;
  }

  async abort(bucket: string, key: string, id: string): Promise<void> {
    await this.load(bucket, key, id);
    await rm(this.dir(id), { recursive: true, force: true });
  }

  private async load(bucket: string, key: string, id: string): Promise<Upload> {
    this.store.bucket(bucket);
    const upload = UPLOAD_ID.test(id) ? await readJson<Upload>(path.join(this.dir(id), "upload.json")) : undefined;
    if (!upload || upload.bucket !== bucket || upload.key !== key) {
      throw new AwsError(
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
        404,
      );
    }
    return upload;
  }

  private dir(id: string): string {
    return path.join(this.root, "uploads", id);
  }
}

function normaliseEtag(etag: string): string {
  return etag.replace(/"/g, "");
}
