import { versionDownload } from "@/lib/pipelines/version-download";

export const GET = versionDownload("definition", (version) => version.definition);
