// Issue 14: with FERRY_DATA_DIR inside the checkout (a folder git does not ignore), `next build` followed the
// data directory's PostgreSQL link out of the project ("… is outside configured roots"). Tailwind's source
// scan is what reported those files; here the real PostCSS plugin the build uses compiles app/globals.css
// next to such a data directory, and must neither read it nor name any file in it as a dependency.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postcss from "postcss";
import tailwind from "@tailwindcss/postcss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CSS = path.join(ROOT, "app", "globals.css");
let dataDir: string;
let outside: string;

beforeAll(async () => {
  dataDir = path.join(ROOT, `ferry-data-scan-${process.pid}`);
  outside = await mkdtemp(path.join(os.tmpdir(), "ferry-cluster-"));
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, "notes.html"), '<div class="ferry-decoy-inside">');
  await writeFile(path.join(outside, "PG_VERSION.html"), '<div class="ferry-decoy-outside">');
  // As `npm start` does as root in a private folder: the cluster lives elsewhere, linked from the data dir.
  await symlink(outside, path.join(dataDir, "postgres"));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe("the stylesheet build", () => {
  it("scans only Ferry's sources, never a data directory inside the checkout or what it links to", async () => {
    const result = await postcss([tailwind({ base: ROOT })]).process(await readFile(CSS, "utf8"), { from: CSS });
    const files = result.messages.flatMap((m) => (m.type === "dependency" ? [String(m.file)] : m.type === "dir-dependency" ? [String(m.dir)] : []));
    expect(files.filter((f) => f.startsWith(dataDir) || f.startsWith(outside))).toEqual([]);
    expect(files.some((f) => f.startsWith(path.join(ROOT, "components")))).toBe(true);
    expect(result.css).not.toContain("ferry-decoy");
    // Classes Ferry uses are still generated.
    expect(result.css).toContain(".bg-amber-50");
  }, 60_000);
});
