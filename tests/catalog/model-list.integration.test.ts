// listModels against 300 seeded models: every filter and the search agree with a plain in-memory filter, and
// walking the keyset pages returns each matching model exactly once, in order, ties on updated_at included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { listModels, ModelListFilters, parseModelListFilters, type ModelListFiltersInput } from "@/lib/catalog/models/list";
import { MODEL_STATUSES } from "@/lib/catalog/models/fields";
import { makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";

type Seeded = { id: string; slug: string; displayName: string; team: string; ownerId: string; tags: string[]; description: string; status: string; imageId: string | null; updatedAt: Date };

const TEAMS = ["risk", "pricing", "fraud", "marketing"];
const TAGS = ["churn", "nightly", "gdpr", "legacy-sas", "xgboost"];
let seeded: Seeded[] = [];
let owners: Actor[] = [];
let imageId: string;

beforeAll(async () => {
  await resetDatabase();
  owners = [await makeUser(["DATA_SCIENTIST"]), await makeUser(["DATA_SCIENTIST"]), await makeUser(["MLOPS_ENGINEER"])];
  const image = await prisma.image.create({ data: { uri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/seed:1", kind: "CUSTOM", ownerId: owners[0]!.id } });
  imageId = image.id;
  const base = Date.UTC(2026, 0, 1);
  const data = Array.from({ length: 300 }, (_, i) => ({
    slug: `model-${String(i).padStart(3, "0")}`,
    displayName: i % 7 === 0 ? `Churn scorer ${i}` : `Model ${i}`,
    team: TEAMS[i % TEAMS.length]!,
    ownerId: owners[i % owners.length]!.id,
    tags: TAGS.filter((_, t) => (i + t) % 3 === 0),
    description: i % 11 === 0 ? "Ports the SAS credit scorecard" : "A legacy model",
    status: MODEL_STATUSES[i % MODEL_STATUSES.length]!,
    imageId: i % 5 === 0 ? image.id : null,
    // Groups of three share a timestamp, so the id must break ties.
    updatedAt: new Date(base + Math.floor(i / 3) * 60_000),
  }));
  await prisma.model.createMany({ data });
  seeded = await prisma.model.findMany({ select: { id: true, slug: true, displayName: true, team: true, ownerId: true, tags: true, description: true, status: true, imageId: true, updatedAt: true } });
}, 60_000);

afterAll(async () => {
  await disconnectPrisma();
});

async function walk(input: ModelListFiltersInput): Promise<string[]> {
  const slugs: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const { rows, nextCursor } = await listModels(prisma, ModelListFilters.parse({ ...input, cursor }));
    slugs.push(...rows.map((r) => r.slug));
    if (!nextCursor) return slugs;
    cursor = nextCursor;
  }
  throw new Error("more than 100 pages");
}

const byUpdated = (a: Seeded, b: Seeded) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? -1 : 1);
const contains = (s: string, q: string) => s.toLowerCase().includes(q.toLowerCase());

describe("listModels", () => {
  it("walks every model once, newest first, across keyset pages (ties broken by id)", async () => {
    const expected = [...seeded].sort(byUpdated).map((m) => m.slug);
    expect(await walk({ limit: "17" })).toEqual(expected);
  });

  it("sorts by name", async () => {
    expect(await walk({ sort: "name", limit: "40" })).toEqual(seeded.map((m) => m.slug).sort());
  });

  it.each([
    ["team", { team: "fraud" }, (m: Seeded) => m.team === "fraud"],
    ["status", { status: "READY" }, (m: Seeded) => m.status === "READY"],
    ["tag", { tag: "gdpr" }, (m: Seeded) => m.tags.includes("gdpr")],
    ["team + status + tag", { team: "risk", status: "INVENTORIED", tag: "churn" }, (m: Seeded) => m.team === "risk" && m.status === "INVENTORIED" && m.tags.includes("churn")],
  ])("filters by %s", async (_label, filters, keep) => {
    const expected = seeded.filter(keep).sort(byUpdated).map((m) => m.slug);
    expect(expected.length).toBeGreaterThan(0);
    expect(await walk({ ...filters, limit: "9" })).toEqual(expected);
  });

  it("filters by owner and image", async () => {
    const owner = owners[1]!.id;
    expect(await walk({ owner, limit: "25" })).toEqual(seeded.filter((m) => m.ownerId === owner).sort(byUpdated).map((m) => m.slug));
    expect(await walk({ imageId, limit: "25" })).toEqual(seeded.filter((m) => m.imageId === imageId).sort(byUpdated).map((m) => m.slug));
  });

  it.each(["churn", "SAS credit", "model-12", "xgboost"])("searches name, description and tags: %s", async (q) => {
    const expected = seeded
      .filter((m) => contains(m.slug, q) || contains(m.displayName, q) || contains(m.description, q) || m.tags.includes(q.toLowerCase()))
      .sort(byUpdated)
      .map((m) => m.slug);
    expect(expected.length).toBeGreaterThan(0);
    expect(await walk({ q, limit: "13" })).toEqual(expected);
  });

  it("treats LIKE wildcards in the search as text", async () => {
    expect(await walk({ q: "%" })).toEqual([]);
    expect(await walk({ q: "model_1" })).toEqual([]);
  });

  it("reads filters from a URL, dropping what does not parse", () => {
    expect(parseModelListFilters({ team: "risk", status: "NOPE", limit: "5000", tag: ["gdpr", "x"], q: "", evil: "1" })).toEqual({
      team: "risk",
      tag: "gdpr",
      sort: "updated",
      limit: 50,
    });
  });

  it("ignores a forged cursor instead of failing", async () => {
    const { rows } = await listModels(prisma, ModelListFilters.parse({ cursor: "not-a-cursor", limit: "3" }));
    expect(rows).toHaveLength(3);
  });
});
