import { versionDownload } from "@/lib/pipelines/version-download";

export const GET = versionDownload("iam-policies", (version) => version.iamPolicies);
