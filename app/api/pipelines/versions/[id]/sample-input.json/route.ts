import { sampleInputOf } from "@/lib/pipelines/exports";
import { versionDownload } from "@/lib/pipelines/version-download";

export const GET = versionDownload("sample-input", sampleInputOf);
