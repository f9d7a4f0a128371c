import { versionDownload } from "../version-export";

export const GET = versionDownload("definition", (version) => version.definition);
