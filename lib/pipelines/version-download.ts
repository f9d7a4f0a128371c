import "server-only";
import { z } from "zod";
import { defineQuery } from "@/lib/commands/query";
import { AppError } from "@/lib/commands/errors";
import { queryRoute, jsonDownload } from "@/lib/http/route-handler";
import { idField } from "@/lib/validation/fields";
import { findPipelineVersion } from "./queries";

type PipelineVersion = NonNullable<Awaited<ReturnType<typeof findPipelineVersion>>>;

/** Anyone who can read the catalog may download what a published version generates. */
const versionQuery = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Pipeline version") }),
  run: async ({ input }) => {
    const version = await findPipelineVersion(input.id);
    if (!version) throw new AppError("NOT_FOUND", "That pipeline version does not exist.");
    return version;
  },
});

/** A GET route that downloads `<pipeline>-v<N>-<suffix>.json`, built from the frozen version by `body`. */
export function versionDownload(suffix: string, body: (version: PipelineVersion) => unknown) {
  return queryRoute(versionQuery, (version) => jsonDownload(`${version.pipeline.name}-v${version.version}-${suffix}.json`, body(version)));
}
