import "server-only";
import { z } from "zod";
import { defineQuery } from "@/lib/commands/query";
import { AppError } from "@/lib/commands/errors";
import { idField } from "@/lib/validation/fields";
import { listModels, ModelListFilters } from "./models/list";
import { readScriptVersionBytes } from "./scripts/upload";

/** GET /api/catalog/models: the list page's query as JSON, with the same URL parameters. */
export const listModelsQuery = defineQuery({
  permission: "catalog:read",
  input: ModelListFilters,
  run: ({ db, input }) => listModels(db, input),
});

/** The stored bytes of one script version, for download. */
export const scriptVersionBytesQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Script version") }),
  run: async ({ db, input }) => {
    const version = await db.scriptVersion.findUnique({ where: { id: input.id }, select: { s3Uri: true, sha256: true, script: { select: { name: true } } } });
    if (!version) throw new AppError("NOT_FOUND", "That script version does not exist.");
    return { name: version.script.name, sha256: version.sha256, bytes: await readScriptVersionBytes(db, version.s3Uri) };
  },
});
