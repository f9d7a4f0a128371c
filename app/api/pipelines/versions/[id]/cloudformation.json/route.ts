import { cloudFormationTemplate } from "@/lib/pipelines/cloudformation";
import { versionDownload } from "../version-download";

export const GET = versionDownload("cloudformation", (version) => cloudFormationTemplate(version.pipeline.name, version.definition as object));
