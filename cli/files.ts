import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "./errors";

/** The files named, a directory standing for the files directly inside it, as multipart parts of `field`. */
export async function formOfFiles(paths: string[], field = "files"): Promise<FormData> {
  const form = new FormData();
  for (const given of paths) {
    const info = await stat(given).catch(() => null);
    if (!info) throw new UsageError(`${given} does not exist.`);
    const files = info.isDirectory()
      ? (await readdir(given, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith(".")).map((e) => path.join(given, e.name))
      : [given];
    for (const file of files) form.append(field, new File([await readFile(file)], path.basename(file)));
  }
  if ([...form.keys()].length === 0) throw new UsageError("No files to upload.");
  return form;
}
