import { versionDownload } from "../version-download";

export const GET = versionDownload("iam-policies", (version) => version.iamPolicies);
