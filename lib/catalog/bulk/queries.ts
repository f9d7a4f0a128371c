import "server-only";
import { z } from "zod";
import { defineQuery } from "@/lib/commands/query";
import { readProgress } from "./progress";

/** The caller's own running import, polled by the import page. */
export const bulkProgressQuery = defineQuery({
  permission: "catalog:write",
  input: z.object({ importId: z.uuid("Import must be an id") }),
  run: async ({ db, input, actor }) => readProgress(db, actor.id, input.importId),
});
