// Bulk lift, pure parts: manifests (CSV/JSON) and zips are read and checked without a database.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/commands/errors";
import { readManifest } from "@/lib/catalog/bulk/manifest";
import { readZip, unsafePathReason } from "@/lib/catalog/bulk/zip";
import { zipItems } from "@/lib/catalog/bulk/folders";
import { EXAMPLE_CSV } from "@/components/catalog/bulk/example";
import { lieAboutSizes, makeZip, modelFolders, renameEntry } from "./bulk-zips";

const bytes = (text: string) => new TextEncoder().encode(text);

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).userMessage;
  }
  throw new Error("expected a refusal");
}

async function zipRefusal(zip: Buffer): Promise<string> {
  const error: unknown = await readZip(zip).then(zipItems).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).userMessage;
}

describe("manifest", () => {
  it("reads CSV with a BOM, quoted commas and tags, and keeps only the given columns", () => {
    const csv = '\uFEFFslug,displayName,team,tags,description\nchurn,Churn model,risk,"a,b","Says ""hi"", with commas"\nfraud,Fraud,risk,,\n';
    const [churn, fraud] = readManifest("m.csv", bytes(csv));
    expect(churn?.errors).toEqual([]);
    expect(churn?.fields).toMatchObject({ slug: "churn", tags: ["a", "b"], description: 'Says "hi", with commas' });
    expect(churn?.columns).toEqual(["slug", "displayName", "team", "tags", "description"]);
    // Blank cells are "not given": an update leaves those fields alone.
    expect(fraud?.columns).toEqual(["slug", "displayName", "team"]);
  });

  it("accepts the example CSV the import page offers", () => {
    const items = readManifest("ferry-models-example.csv", bytes(EXAMPLE_CSV));
    expect(items.map((i) => [i.slug, i.errors])).toEqual([["churn-scoring", []], ["fraud-rules", []]]);
  });

  it("reads JSON lists and { models: [...] }", () => {
    const list = readManifest("m.json", bytes(JSON.stringify([{ slug: "a1", displayName: "A", team: "t", volumeSizeGb: 30 }])));
    expect(list[0]?.fields?.volumeSizeGb).toBe(30);
    const wrapped = readManifest("m.json", bytes(JSON.stringify({ models: [{ slug: "b1", displayName: "B", team: "t" }] })));
    expect(wrapped[0]?.fields?.slug).toBe("b1");
  });

  it("reports row errors: bad types, HTML in names, unknown owner fields, duplicate slugs", () => {
    const csv = "slug,displayName,team,volumeSizeGb,status\nok-1,Fine,t,10,READY\nbad,<b>x</b>,t,ten,SHIPPED\nok-1,Again,t,,\n";
    const [ok, bad, dup] = readManifest("m.csv", bytes(csv));
    expect(ok?.errors).toEqual([]);
    expect(bad?.errors.join(" ")).toMatch(/displayName: Display name cannot contain < or >/);
    expect(bad?.errors.join(" ")).toMatch(/volumeSizeGb/);
    expect(bad?.errors.join(" ")).toMatch(/status/);
    expect(dup?.errors).toEqual(["slug: ok-1 is also used by row 2"]);
  });

  it("refuses malformed files as a whole, saying why", () => {
    expect(refusal(() => readManifest("m.csv", bytes("")))).toMatch(/empty/);
    expect(refusal(() => readManifest("m.csv", bytes("slug,displayName,team\n")))).toMatch(/no models/);
    expect(refusal(() => readManifest("m.csv", bytes("slug,name,team\nx,y,z\n")))).toMatch(/Unknown column "name"/);
    expect(refusal(() => readManifest("m.csv", bytes("slug,team\nx,y\n")))).toMatch(/needs the column displayName/);
    expect(refusal(() => readManifest("m.csv", bytes("slug,displayName,team\na,b\n")))).toMatch(/different number of fields.*line 2/);
    expect(refusal(() => readManifest("m.csv", bytes('slug,displayName,team\n"a,b,c\n')))).toMatch(/never closed/);
    expect(refusal(() => readManifest("m.xlsx", new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 1])))).toMatch(/looks binary/);
    expect(refusal(() => readManifest("m.json", bytes("{ not json")))).toMatch(/not valid JSON/);
    expect(refusal(() => readManifest("m.json", bytes('{"a": 1}')))).toMatch(/list of models/);
    const big = `slug,displayName,team\n${Array.from({ length: 5001 }, (_, i) => `m${i},M,t`).join("\n")}\n`;
    expect(refusal(() => readManifest("m.csv", bytes(big)))).toMatch(/5001 rows; at most 5000/);
    expect(refusal(() => readManifest("m.csv", new Uint8Array(6 * 1024 * 1024).fill(65)))).toMatch(/larger than 5 MB/);
  });
});

describe("zip paths", () => {
  it.each([
    ["../evil.py", /traversal|leaves its folder/],
    ["m/../../evil.py", /leaves its folder/],
    ["/abs.py", /absolute/],
    ["C:/x.py", /absolute/],
    ["m\\evil.py", /backslash/],
    ["m/.env", /hidden/],
    ["m//x.py", /empty folder/],
  ])("%s is refused", (path, reason) => {
    expect(unsafePathReason(path)).toMatch(reason);
  });

  it("accepts ordinary nested names", () => {
    expect(unsafePathReason("churn/src/utils.py")).toBeNull();
  });
});

describe("zip archives", () => {
  it("turns folders into models with files, readiness warnings and model.json fields", async () => {
    const zip = await makeZip(modelFolders(["churn", "fraud"], { "train.py": "import xgboost\nprint(open('C:/data/x.csv'))\n", Dockerfile: "FROM python:3.11\n" }));
    const items = zipItems(await readZip(zip));
    expect(items.map((i) => i.slug)).toEqual(["churn", "fraud"]);
    const churn = items[0];
    expect(churn?.errors).toEqual([]);
    expect(churn?.fields).toMatchObject({ displayName: "Legacy churn", team: "risk", tags: ["zip", "legacy"] });
    expect(churn?.files.map((f) => f.name).sort()).toEqual(["Dockerfile", "predict.py", "preprocess.py", "requirements.txt", "train.py"]);
    expect(churn?.warnings.join("\n")).toMatch(/Dockerfile/);
    expect(churn?.warnings.join("\n")).toMatch(/train\.py:1 xgboost is imported/);
    expect(churn?.files.find((f) => f.name === "train.py")?.readiness.length).toBeGreaterThan(0);
  });

  it("looks inside a single wrapping folder", async () => {
    const zip = await makeZip(modelFolders(["churn"]).map((e) => ({ ...e, name: `export/${e.name}` })));
    expect(zipItems(await readZip(zip)).map((i) => i.slug)).toEqual(["churn"]);
  });

  it("refuses loose files, empty zips and non-zips", async () => {
    expect(await zipRefusal(await makeZip([{ name: "x.py", body: "print(1)" }, { name: "m/y.py", body: "print(1)" }]))).toMatch(/top of the zip/);
    expect(await zipRefusal(Buffer.from("PK\u0003\u0004 not really a zip"))).toMatch(/not a readable zip/);
  });

  it("refuses traversal, absolute paths, symlinks, bombs, lying headers and 10,000 files", async () => {
    const base = modelFolders(["churn"]);
    const traversal = renameEntry(await makeZip([...base, { name: "churn/aaevil.py", body: "x" }]), "churn/aaevil.py", "churn/../evil.py".slice(0, 15));
    expect(await zipRefusal(traversal)).toMatch(/leaves its folder|traversal/);
    const absolute = renameEntry(await makeZip([...base, { name: "xabs.py", body: "x" }]), "xabs.py", "/abs.py");
    expect(await zipRefusal(absolute)).toMatch(/absolute path/);
    expect(await zipRefusal(await makeZip([...base, { name: "churn/link.py", body: "/etc/passwd", mode: 0o120777 }]))).toMatch(/symbolic link/);
    expect(await zipRefusal(await makeZip([...base, { name: "churn/bomb.py", body: Buffer.alloc(4_900_000) }]))).toMatch(/zip bomb/);
    expect(await zipRefusal(await makeZip([...base, { name: "churn/big.py", body: Buffer.alloc(6_000_000, "a") }]))).toMatch(/larger than 5 MB/);
    expect(await zipRefusal(lieAboutSizes(await makeZip([...base, { name: "churn/liar.py", body: Buffer.alloc(3_000_000) }]), 10))).toMatch(/damaged|more than its header/);
    const many = await makeZip(Array.from({ length: 10_000 }, (_, i) => ({ name: `m/f${i}.py`, body: "", compress: false })));
    expect(await zipRefusal(many)).toMatch(/10000 entries; at most 2000/);
  });
});
