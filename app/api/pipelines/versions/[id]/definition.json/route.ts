import { VERSION_EXPORTS } from "@/lib/pipelines/exports";
import { versionDownload } from "../version-download";

export const GET = versionDownload("definition", VERSION_EXPORTS.definition);
