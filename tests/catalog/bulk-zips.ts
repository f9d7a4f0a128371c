// Zip archives for the bulk-lift tests, built at run time with yazl (big and hostile ones are never committed).
import yazl from "yazl";

export type ZipSpec = { name: string; body: string | Buffer; mode?: number; compress?: boolean }[];

export function makeZip(entries: ZipSpec): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    const body = typeof entry.body === "string" ? Buffer.from(entry.body) : entry.body;
    zip.addBuffer(body, entry.name, { mode: entry.mode, compress: entry.compress ?? true });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}

/** yazl refuses unsafe names (rightly), so hostile ones are written over a placeholder of the same length. */
export function renameEntry(zip: Buffer, placeholder: string, hostile: string): Buffer {
  if (placeholder.length !== hostile.length) throw new Error("names must have the same length");
  const out = Buffer.from(zip);
  const from = Buffer.from(placeholder);
  for (let at = out.indexOf(from); at >= 0; at = out.indexOf(from, at + 1)) Buffer.from(hostile).copy(out, at);
  return out;
}

/** Makes every central-directory record claim `size` uncompressed bytes (a header that lies). */
export function lieAboutSizes(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let at = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
    out.writeUInt32LE(size, at + 24);
  }
  return out;
}

export const LEGACY_SCRIPT = `import pandas as pd


def main():
    frame = pd.read_csv("/opt/ml/processing/input/data/input.csv")
    frame.to_csv("/opt/ml/processing/output/out.csv")


if __name__ == "__main__":
    main()
`;

/** A folder per model, as a data scientist would zip them. */
export function modelFolders(slugs: string[], extra: Record<string, string> = {}): ZipSpec {
  return slugs.flatMap((slug) => [
    { name: `${slug}/preprocess.py`, body: LEGACY_SCRIPT },
    { name: `${slug}/predict.py`, body: LEGACY_SCRIPT.replace("out.csv", "predictions.csv") },
    { name: `${slug}/requirements.txt`, body: "pandas==2.2.3\n" },
    { name: `${slug}/model.json`, body: JSON.stringify({ displayName: `Legacy ${slug}`, team: "risk", tags: ["zip", "legacy"] }) },
    ...Object.entries(extra).map(([name, body]) => ({ name: `${slug}/${name}`, body })),
  ]);
}
