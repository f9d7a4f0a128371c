import { VERSION_EXPORTS } from "@/lib/pipelines/exports";
import { versionDownload } from "../version-download";

export const GET = versionDownload("cloudformation", VERSION_EXPORTS.cloudformation);
