// Issue 16, item 3 replayed: a bulk import claiming APPROVED or LIVE for a model with no scripts, image or
// deployment used to be accepted, and the dashboard then counted the model as migrated. Approved and live come
// from deployments only, in the importer as in the model form; rows written before are repaired by a migration.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { previewBulk } from "@/lib/catalog/bulk/run";
import { importBulk } from "@/lib/catalog/bulk/job";
import { saveModel } from "@/lib/catalog/models/upsert";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { dashboard } from "@/lib/runs/dashboard";
import { expectAppError, makeUser } from "../commands/world";
import { MIGRATIONS_DIR } from "../setup/database";
import { resetDatabase, withClient } from "../setup/db";

let ds: Actor;

function form(name: string, body: string): FormData {
  const data = new FormData();
  data.set("file", new File([body], name));
  return data;
}

const liveCount = async () => (await dashboard(prisma)).board.byStatus.find((s) => s.status === "LIVE")?.models ?? 0;

beforeAll(async () => {
  await resetDatabase();
  // Manifests touch no storage; the embedded environment only has to exist.
  await prisma.environment.create({ data: { name: "embedded", kind: "EMBEDDED", bucket: "ferry-bulk-status-it" } });
  ds = await makeUser(["DATA_SCIENTIST"]);
});

afterAll(async () => {
  await disconnectPrisma();
});

describe("a manifest claiming a status only deployments reach", () => {
  it("is shown as an error in the preview and refused on import; nothing is written and nothing counts as migrated", async () => {
    const csv = "slug,displayName,team,status\nclaims-live,Claims live,risk,LIVE\nclaims-approved,Claims approved,risk,APPROVED\nhonest,Honest,risk,READY\n";
    const preview = await previewBulk(prisma, ds, form("m.csv", csv));
    const byLabel = Object.fromEntries(preview.rows.map((r) => [r.slug, r.errors.join(" ")]));
    expect(byLabel["claims-live"]).toContain("status: Approved and live come from an approved deployment");
    expect(byLabel["claims-approved"]).toContain("status: Approved and live come from an approved deployment");
    expect(byLabel.honest).toBe("");

    const [models, audit] = [await prisma.model.count(), await prisma.auditEvent.count()];
    const error = await expectAppError(() => importBulk(prisma, ds, form("m.csv", csv)), "INVALID_INPUT");
    expect(error.userMessage).toContain("Approved and live come from an approved deployment");
    expect([await prisma.model.count(), await prisma.auditEvent.count()]).toEqual([models, audit]);
    expect(await liveCount()).toBe(0);
  });

  it("the same goes for a JSON manifest and for an existing model being promoted", async () => {
    await importBulk(prisma, ds, form("m.json", JSON.stringify([{ slug: "kept", displayName: "Kept", team: "risk", status: "READY" }])));
    await expectAppError(() => importBulk(prisma, ds, form("m.json", JSON.stringify([{ slug: "kept", displayName: "Kept", team: "risk", status: "LIVE" }]))), "INVALID_INPUT");
    expect((await prisma.model.findUniqueOrThrow({ where: { slug: "kept" } })).status).toBe("READY");
  });

  it("a model that is live (through a deployment) may be re-imported with the status it has", async () => {
    await prisma.model.update({ where: { slug: "kept" }, data: { status: "LIVE" } });
    const summary = await importBulk(prisma, ds, form("again.csv", "slug,displayName,team,status\nkept,Kept again,risk,LIVE\n"));
    expect(summary.updated).toEqual([{ slug: "kept", changes: ["displayName"] }]);
  });

  it("the model form refuses the same claim with the same words", async () => {
    const error = await expectAppError(() => executeCommand(prisma, saveModel, ds, { slug: "form-live", displayName: "Form", team: "risk", status: "LIVE" }), "INVALID_INPUT");
    expect(error.userMessage).toBe("Approved and live come from an approved deployment; set inventoried, containerised or ready.");
  });
});

describe("models written before the rule", () => {
  it("are set back to READY unless a deployment of theirs is live", async () => {
    const owner = ds.id;
    const claimed = await prisma.model.create({ data: { slug: "old-claim", displayName: "Old claim", team: "risk", ownerId: owner, status: "LIVE" } });
    const approved = await prisma.model.create({ data: { slug: "old-approved", displayName: "Old approved", team: "risk", ownerId: owner, status: "APPROVED" } });
    const before = await liveCount();
    const sql = await readFile(path.join(MIGRATIONS_DIR, "20261201800002_model_stage_from_deployments", "migration.sql"), "utf8");
    await withClient((client) => client.query(sql));
    expect((await prisma.model.findUniqueOrThrow({ where: { id: claimed.id } })).status).toBe("READY");
    expect((await prisma.model.findUniqueOrThrow({ where: { id: approved.id } })).status).toBe("READY");
    // "kept" has no live deployment either: it was made LIVE by hand above, which is exactly what is repaired.
    expect(await liveCount()).toBe(before - 2);
  });
});
