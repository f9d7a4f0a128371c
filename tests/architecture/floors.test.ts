// The shape of the code, enforced: lib/ is built in floors and every import runs down; nothing imports round in a
// circle; lib/ never reaches into the routes, the scripts or the UI; components get their data from pages; the
// embedded engine is its own house. The README's Architecture section draws the same floors.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { circles, importGraph, type Import } from "./import-graph";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The floors of lib/, lowest first. A file may import its own folder and folders on lower floors; folders on one
 * floor know nothing of each other. `engine` is on no floor: it is its own house (see the engine rules below).
 */
export const FLOORS: readonly (readonly string[])[] = [
  ["config"],
  ["db"],
  ["validation", "diff"],
  ["auth"],
  ["audit"],
  ["commands"],
  ["aws", "storage", "platform", "jobs"],
  ["notifications", "users", "secrets"],
  ["pipelines"],
  ["environments"],
  ["catalog"],
  ["deployments"],
  ["runs"],
  ["health", "demo", "http", "worker"],
];

const { files, imports } = importGraph(ROOT, ["lib", "app", "components", "scripts", "tests", "e2e", "proxy.ts", "instrumentation.ts"]);
const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const folderOf = (file: string) => (file.startsWith("lib/") ? file.split("/")[1]! : null);
const floorOf = (folder: string) => FLOORS.findIndex((floor) => floor.includes(folder));
const described = (list: readonly Import[]) => list.map(({ from, to }) => `${from} → ${to}`);

/** What a file reaches through its imports (itself included). */
function reachedFrom(roots: readonly string[]): Set<string> {
  const seen = new Set(roots);
  const pending = [...roots];
  while (pending.length > 0) {
    const file = pending.pop()!;
    for (const { from, to } of imports) {
      if (from !== file || seen.has(to)) continue;
      seen.add(to);
      pending.push(to);
    }
  }
  return seen;
}

/** Imports from lib/<a> to lib/<b> where b is not on a lower floor than a. */
export function upwardImports(list: readonly Import[]): Import[] {
  return list.filter(({ from, to }) => {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (!a || !b || a === b || a === "engine" || b === "engine") return false;
    return floorOf(b) >= floorOf(a);
  });
}

describe("lib/ floors", () => {
  it("places every folder of lib/ on one floor (engine apart)", () => {
    const folders = new Set(files.map(folderOf).filter((f): f is string => f !== null && f !== "engine"));
    const unplaced = [...folders].filter((f) => floorOf(f) === -1);
    expect(unplaced, "add each new lib/ folder to FLOORS, below everything that uses it").toEqual([]);
    expect(FLOORS.flat().length).toBe(new Set(FLOORS.flat()).size);
  });

  it("imports only downward", () => {
    expect(described(upwardImports(imports))).toEqual([]);
  });

  it("keeps lib/ out of the routes, the scripts and the UI (and tests/ out of lib/'s own code)", () => {
    const reaching = imports.filter(({ from, to }) => from.startsWith("lib/") && (/^(app|scripts|components|e2e)\//.test(to) || (to.startsWith("tests/") && !isTest(from))));
    expect(described(reaching)).toEqual([]);
  });
});

describe("circles", () => {
  it("has no files importing each other round in a circle (type-only imports count)", () => {
    const found = circles(imports).map((group) => group.join(" ↔ "));
    expect(found).toEqual([]);
  });
});

describe("components", () => {
  it("get their data from pages: no component imports the Prisma client or lib/db", () => {
    const reading = imports.filter(({ from, to }) => from.startsWith("components/") && (to.startsWith("lib/db/") || to === "generated/prisma/client.ts"));
    expect(described(reading)).toEqual([]);
  });
});

describe("data modules", () => {
  it("are server-only: every lib/ module that routes, pages or components import and that takes a database client", () => {
    // Scripts other than the benches run outside Next (plain Node); they must not load server-only modules.
    const scripts = files.filter((f) => /^scripts\/[^/]+\.ts$/.test(f));
    const loadedByScripts = reachedFrom(scripts);
    const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
    const used = new Set(imports.filter(({ from, to }) => /^(app|components)\//.test(from) && to.startsWith("lib/") && !isTest(to)).map((i) => i.to));
    const dataModules = [...used].filter((file) => /PrismaClient|@\/lib\/db\/prisma/.test(read(file)) && !loadedByScripts.has(file));
    const unmarked = dataModules.filter((file) => !read(file).includes('import "server-only";'));
    expect(unmarked).toEqual([]);
    const marked = [...loadedByScripts].filter((file) => file.startsWith("lib/") && read(file).includes('import "server-only";'));
    expect(marked, "a script outside Next loads these; they would throw there").toEqual([]);
    expect(dataModules.length).toBeGreaterThan(15);
  });
});

describe("the engine's house", () => {
  it("lib/engine imports nothing of the app", () => {
    const out = imports.filter(({ from, to }) => from.startsWith("lib/engine/") && !to.startsWith("lib/engine/") && !(isTest(from) && to.startsWith("tests/engine/")));
    expect(described(out)).toEqual([]);
  });

  it("only lib/aws, scripts and tests reach into lib/engine", () => {
    const into = imports.filter(({ from, to }) => to.startsWith("lib/engine/") && !from.startsWith("lib/engine/") && !/^(lib\/aws|scripts|tests|e2e)\//.test(from));
    expect(described(into)).toEqual([]);
  });
});

describe("the rules themselves", () => {
  it("see an upward import, a circle and an unresolvable floor", () => {
    expect(upwardImports([{ from: "lib/commands/command.ts", to: "lib/http/body.ts" }])).toHaveLength(1);
    expect(upwardImports([{ from: "lib/http/body.ts", to: "lib/commands/errors.ts" }])).toHaveLength(0);
    expect(upwardImports([{ from: "lib/aws/clients.ts", to: "lib/storage/objects.ts" }]), "one floor, two houses").toHaveLength(1);
    expect(circles([{ from: "a.ts", to: "b.ts" }, { from: "b.ts", to: "c.ts" }, { from: "c.ts", to: "a.ts" }])).toEqual([["a.ts", "b.ts", "c.ts"]]);
    expect(circles([{ from: "a.ts", to: "b.ts" }])).toEqual([]);
    expect(files.length).toBeGreaterThan(300);
    expect(imports.some((i) => i.from === "lib/commands/command.ts" && i.to === "lib/audit/write.ts"), "reads @/ imports").toBe(true);
  });
});
