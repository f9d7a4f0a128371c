import { versionDownload } from "../version-download";

export const GET = versionDownload("definition", (version) => version.definition);
