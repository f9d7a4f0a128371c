import yauzl, { type Entry, type ZipFile } from "yauzl";
import { sanitizeFileName } from "@/lib/catalog/scripts/file-names";
import { BULK_LIMITS, megabytes } from "./limits";
import { refusedFile } from "./errors";

export type ZipEntryFile = { path: string; bytes: Uint8Array };

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/**
 * Why an entry's path is refused, or null. The catalog's own file-name rules apply to every segment (no "..",
 * hidden files, control characters); the whole path must also be relative and use "/", which the archive
 * format alone can get wrong.
 */
export function unsafePathReason(path: string): string | null {
  if (path.includes("\\")) return "uses a backslash (paths must use /)";
  if (path.startsWith("/") || /^[a-zA-Z]:/.test(path)) return "is an absolute path";
  if (path.length > 512) return "has an overly long name";
  for (const segment of path.replace(/\/$/, "").split("/")) {
    const safe = sanitizeFileName(segment);
    if (!safe.ok) return safe.reason === "is empty" ? "contains an empty folder name (//)" : safe.reason;
  }
  return yauzl.validateFileName(path);
}

function entryName(entry: Entry): string {
  // strictFileNames keeps backslashes, so unsafePathReason sees them instead of yauzl silently converting.
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
}

/** Everything the central directory says about an entry, checked before a single byte of it is inflated. */
function checkEntry(entry: Entry, name: string): "file" | "dir" {
  const reason = unsafePathReason(name);
  if (reason) throw refusedFile(`The zip entry "${name.slice(0, 80)}" ${reason}. Nothing was imported.`);
  const unixMode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (unixMode === S_IFLNK) throw refusedFile(`The zip entry "${name}" is a symbolic link; links are not accepted. Nothing was imported.`);
  if (unixMode !== 0 && unixMode !== S_IFREG && unixMode !== S_IFDIR) throw refusedFile(`The zip entry "${name}" is not a regular file. Nothing was imported.`);
  if (entry.isEncrypted()) throw refusedFile(`The zip entry "${name}" is encrypted; upload an unencrypted zip.`);
  if (name.endsWith("/")) return "dir";
  if (entry.uncompressedSize > BULK_LIMITS.fileBytes) throw refusedFile(`"${name}" is larger than ${megabytes(BULK_LIMITS.fileBytes)} once unpacked. Nothing was imported.`);
  if (entry.uncompressedSize >= BULK_LIMITS.ratioCheckFromBytes && entry.uncompressedSize > entry.compressedSize * BULK_LIMITS.compressionRatio) {
    throw refusedFile(`"${name}" unpacks to more than ${BULK_LIMITS.compressionRatio}× its packed size, which is how zip bombs look. Nothing was imported.`);
  }
  if (!entry.canDecodeFileData()) throw refusedFile(`"${name}" uses a compression method Ferry cannot read (use Deflate).`);
  return "file";
}

function open(buffer: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: true }, (error, zip) => {
      if (error || !zip) reject(refusedFile("This file is not a readable zip archive.", error?.message));
      else resolve(zip);
    });
  });
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => zip.removeAllListeners("entry").removeAllListeners("end").removeAllListeners("error");
    zip.once("entry", (entry: Entry) => (cleanup(), resolve(entry)));
    zip.once("end", () => (cleanup(), resolve(null)));
    zip.once("error", (error: Error) => (cleanup(), reject(refusedFile("The zip archive is damaged and cannot be read.", error.message))));
    zip.readEntry();
  });
}

/** Inflates one entry, counting bytes as they come: a header that lies about its size is caught here, not after. */
function readEntryBytes(zip: ZipFile, entry: Entry, name: string, budget: { left: number }): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(refusedFile(`"${name}" cannot be unpacked.`, error?.message));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        budget.left -= chunk.length;
        if (size > BULK_LIMITS.fileBytes || budget.left < 0) {
          stream.destroy();
          reject(refusedFile(`"${name}" unpacks to more than its header says or more than the limits allow (zip bomb?). Nothing was imported.`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on("error", (e: Error) => reject(refusedFile(`"${name}" is damaged (${e.message.slice(0, 100)}). Nothing was imported.`, e.message)));
      stream.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    });
  });
}

/**
 * Reads a zip entirely in memory and returns its files. Every limit (size, entry count from the end record,
 * names, symlinks, declared sizes and ratios) is checked on the central directory before any entry is
 * inflated; inflated sizes are counted again while streaming. Nothing is ever written to disk.
 */
export async function readZip(bytes: Uint8Array): Promise<ZipEntryFile[]> {
  if (bytes.byteLength > BULK_LIMITS.zipBytes) throw refusedFile(`The zip is larger than ${megabytes(BULK_LIMITS.zipBytes)}.`);
  const zip = await open(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  try {
    if (zip.entryCount > BULK_LIMITS.zipEntries) {
      throw refusedFile(`The zip has ${zip.entryCount} entries; at most ${BULK_LIMITS.zipEntries} are accepted. Nothing was imported.`);
    }
    const entries: { entry: Entry; name: string }[] = [];
    const names = new Set<string>();
    let declared = 0;
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const name = entryName(entry);
      if (checkEntry(entry, name) === "dir") continue;
      if (names.has(name)) throw refusedFile(`"${name}" appears twice in the zip.`);
      names.add(name);
      declared += entry.uncompressedSize;
      if (declared > BULK_LIMITS.zipUncompressedBytes) throw refusedFile(`The zip unpacks to more than ${megabytes(BULK_LIMITS.zipUncompressedBytes)}. Nothing was imported.`);
      entries.push({ entry, name });
    }
    const budget = { left: BULK_LIMITS.zipUncompressedBytes };
    const files: ZipEntryFile[] = [];
    for (const { entry, name } of entries) files.push({ path: name, bytes: await readEntryBytes(zip, entry, name, budget) });
    return files;
  } finally {
    zip.close();
  }
}
