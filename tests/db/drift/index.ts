// Entry point: compare a live database with prisma/schema.prisma.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { MIGRATIONS_TABLE } from "@/lib/db/migrate";
import { diffSnapshots } from "./diff";
import { expectedSnapshot } from "./expected";
import { liveSnapshot } from "./live";

export const SCHEMA_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../prisma/schema.prisma");

/** Every difference between the database behind `client` and schema.prisma (empty when none). */
export async function schemaDrift(client: pg.ClientBase, schemaPath: string = SCHEMA_PATH): Promise<string[]> {
  const expected = expectedSnapshot(await fs.readFile(schemaPath, "utf8"));
  const live = await liveSnapshot(client, { ignoreTables: [MIGRATIONS_TABLE] });
  return diffSnapshots(expected, live);
}
