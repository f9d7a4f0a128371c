import "server-only";
import { pipelineVersionQuery, type PipelineVersion } from "@/lib/pipelines/queries";
import { queryRoute, jsonDownload } from "@/lib/http/route-handler";

/** A GET route that downloads `<pipeline>-v<N>-<suffix>.json`, built from the frozen version by `body`. */
export function versionDownload(suffix: string, body: (version: PipelineVersion) => unknown) {
  return queryRoute(pipelineVersionQuery, (version) => jsonDownload(`${version.pipeline.name}-v${version.version}-${suffix}.json`, body(version)));
}
