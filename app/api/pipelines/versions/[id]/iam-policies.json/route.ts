import { versionDownload } from "../version-export";

export const GET = versionDownload("iam-policies", (version) => version.iamPolicies);
