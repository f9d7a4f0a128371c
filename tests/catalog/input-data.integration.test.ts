// A model's input data in embedded mode (issue 16), against a real engine's S3: upload from the model's page,
// browse, page through a CSV that says when it shows only part; and the attacks: another user's model, a name
// that climbs out, Ferry's own prefixes, another model's data, a key outside the prefix.
import { CreateBucketCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeQuery } from "@/lib/commands/query";
import { inputListQuery, inputPreviewQuery, uploadModelInput } from "@/lib/catalog/input-data";
import { PREVIEW_ROWS } from "@/lib/catalog/input-limits";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { expectAppError, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";

const BUCKET = "ferry-input-it";
let engine: TestEngine;
let owner: Actor, stranger: Actor;
let modelId: string;

const csv = (rows: number) => `id,score\n${Array.from({ length: rows }, (_, i) => `${i + 1},0.${i % 10}`).join("\n")}\n`;
const file = (name: string, text: string) => new File([text], name);

async function objects(): Promise<string[]> {
  const listed = await engine.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((o) => o.Key ?? "").sort();
}

/** Refused with `code`, with nothing stored and nothing audited. */
async function expectRefused(fn: () => Promise<unknown>, code: "FORBIDDEN" | "INVALID_INPUT" | "CONFLICT" | "NOT_FOUND") {
  const [stored, audited] = [await objects(), await prisma.auditEvent.count()];
  const error = await expectAppError(fn, code);
  expect(await objects()).toEqual(stored);
  expect(await prisma.auditEvent.count()).toBe(audited);
  return error;
}

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await engine.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await prisma.environment.create({ data: { name: "embedded", kind: "EMBEDDED", bucket: BUCKET, endpointOverride: engine.endpoint } });
  [owner, stranger] = await Promise.all([makeUser(["DATA_SCIENTIST"]), makeUser(["DATA_SCIENTIST"])]);
  modelId = (await prisma.model.create({ data: { slug: "churn-input", displayName: "Churn", team: "risk", ownerId: owner.id, inputUri: `s3://${BUCKET}/models/churn-input/input/` } })).id;
}, 60_000);

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

describe("input data", () => {
  it("uploads into the model's input prefix (and a folder of it), audited with each file's sha256", async () => {
    const result = await uploadModelInput(prisma, owner, { modelId, files: [file("customers.csv", csv(120))] });
    expect(result.uploaded).toEqual([{ key: "models/churn-input/input/customers.csv", sizeBytes: csv(120).length }]);
    await uploadModelInput(prisma, owner, { modelId, folder: "2026-12-01", files: [file("day.csv", csv(3))] });
    expect(await objects()).toEqual(["models/churn-input/input/2026-12-01/day.csv", "models/churn-input/input/customers.csv"]);
    const audit = await prisma.auditEvent.findMany({ where: { action: "models.input_upload" }, orderBy: { id: "asc" } });
    expect(audit).toHaveLength(2);
    expect(audit[0]?.details).toMatchObject({ files: [{ key: "models/churn-input/input/customers.csv", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }] });
  });

  it("lists folders and files", async () => {
    const listing = await executeQuery(prisma, inputListQuery, stranger, { id: modelId });
    expect(listing.folders).toEqual(["models/churn-input/input/2026-12-01/"]);
    expect(listing.objects.map((o) => o.key)).toEqual(["models/churn-input/input/customers.csv"]);
  });

  it("pages through a CSV 50 rows at a time and says when it shows only part", async () => {
    const key = "models/churn-input/input/customers.csv";
    const first = await executeQuery(prisma, inputPreviewQuery, owner, { id: modelId, key });
    expect(first).toMatchObject({ header: ["id", "score"], partial: true });
    expect(first.rows).toHaveLength(PREVIEW_ROWS);
    expect(first.rows[0]).toEqual(["1", "0.0"]);
    const second = await executeQuery(prisma, inputPreviewQuery, owner, { id: modelId, key, offset: String(first.nextOffset) });
    expect(second.rows[0]).toEqual(["51", "0.0"]);
    const third = await executeQuery(prisma, inputPreviewQuery, owner, { id: modelId, key, offset: String(second.nextOffset) });
    expect(third.rows.map((r) => r[0])).toEqual(Array.from({ length: 20 }, (_, i) => String(101 + i)));
    expect(third).toMatchObject({ nextOffset: null, partial: true });
    const small = await executeQuery(prisma, inputPreviewQuery, owner, { id: modelId, key: "models/churn-input/input/2026-12-01/day.csv" });
    expect(small).toMatchObject({ partial: false, nextOffset: null });
    expect(small.rows).toHaveLength(3);
  });

  it("refuses someone who may not edit the model, with nothing stored", async () => {
    const error = await expectRefused(() => uploadModelInput(prisma, stranger, { modelId, files: [file("x.csv", "a\n")] }), "FORBIDDEN");
    expect(error.userMessage).toContain("churn-input");
    const nobody = await makeUser([]);
    await expectRefused(() => uploadModelInput(prisma, nobody, { modelId, files: [file("x.csv", "a\n")] }), "FORBIDDEN");
  });

  it.each([
    ["a name that climbs out", { files: [file("../../../ferry/code/churn-input/1/preprocess.py", "import os")] }],
    ["a hidden file", { files: [file(".env", "SECRET=1")] }],
    ["a folder that climbs out", { folder: "../../other", files: [file("x.csv", "a\n")] }],
    ["the same name twice", { files: [file("a.csv", "1\n"), file("a.csv", "2\n")] }],
    ["no files", { files: [] }],
  ])("refuses %s, storing nothing", async (_, input) => {
    await expectRefused(() => uploadModelInput(prisma, owner, { modelId, ...input }), "INVALID_INPUT");
  });

  it("refuses a preview or listing outside the model's input prefix", async () => {
    await expectAppError(() => executeQuery(prisma, inputPreviewQuery, owner, { id: modelId, key: "models/other/input/secret.csv" }), "INVALID_INPUT");
    await expectAppError(() => executeQuery(prisma, inputPreviewQuery, owner, { id: modelId, key: "models/churn-input/input/../../other/secret.csv" }), "INVALID_INPUT");
    await expectAppError(() => executeQuery(prisma, inputListQuery, owner, { id: modelId, prefix: "ferry/" }), "INVALID_INPUT");
  });

  it("refuses an input location in Ferry's own space or overlapping another model's data", async () => {
    await prisma.model.update({ where: { id: modelId }, data: { inputUri: `s3://${BUCKET}/ferry/code/churn-input/1/` } });
    const own = await expectRefused(() => uploadModelInput(prisma, owner, { modelId, files: [file("preprocess.py", "import os")] }), "CONFLICT");
    expect(own.userMessage).toContain("Ferry's own space");
    const other = await prisma.model.create({ data: { slug: "fraud", displayName: "Fraud", team: "risk", ownerId: stranger.id, inputUri: `s3://${BUCKET}/models/fraud/input/` } });
    await prisma.model.update({ where: { id: modelId }, data: { inputUri: `s3://${BUCKET}/models/` } });
    const overlap = await expectRefused(() => uploadModelInput(prisma, owner, { modelId, files: [file("x.csv", "a\n")] }), "CONFLICT");
    expect(overlap.userMessage).toContain("overlaps the data of model fraud");
    await prisma.model.update({ where: { id: modelId }, data: { inputUri: `s3://other-bucket/in/` } });
    await expectRefused(() => uploadModelInput(prisma, owner, { modelId, files: [file("x.csv", "a\n")] }), "CONFLICT");
    await prisma.model.delete({ where: { id: other.id } });
  });
});
