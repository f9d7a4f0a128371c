import { VERSION_EXPORTS } from "@/lib/pipelines/exports";
import { versionDownload } from "@/lib/pipelines/version-download";

export const GET = versionDownload("cloudformation", VERSION_EXPORTS.cloudformation);
