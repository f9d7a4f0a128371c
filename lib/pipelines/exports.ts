import { z } from "zod";
import { defineQuery } from "@/lib/commands/query";
import { AppError } from "@/lib/commands/errors";
import { idField } from "@/lib/validation/fields";
import { cloudFormationTemplate } from "./cloudformation";
import { PipelineDraft } from "./draft";
import { buildExecutionInput, type ModelBinding } from "./input";

export const EXPORT_KINDS = ["definition", "iam-policies", "cloudformation", "sample-input"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/**
 * Until the catalog binds real models, the sample input uses these documented values: the embedded bucket,
 * the scikit-learn framework image and the article's script names.
 */
const FRAMEWORK_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";
function sampleBinding(stepKeys: string[]): ModelBinding {
  const resources = { imageUri: FRAMEWORK_IMAGE, instanceType: "ml.m5.xlarge", volumeSizeGb: 20, maxRuntimeSeconds: 3600 };
  return {
    roleArn: "arn:aws:iam::000000000000:role/ferry-sagemaker",
    inputUri: "s3://ferry-embedded/models/sample/input/",
    codeUri: "s3://ferry-embedded/ferry/code/sample/1/",
    outputUri: "s3://ferry-embedded/ferry/runs/sample/",
    scripts: { PREPROCESS: "preprocess.py", INFERENCE: "predict.py", POSTPROCESS: "postprocess.py" },
    steps: Object.fromEntries(stepKeys.map((key) => [key, resources])),
  };
}

/** One downloadable artifact of a published version: `{ filename, body }`. */
export const versionExport = defineQuery({
  permission: "catalog:read",
  input: z.object({ id: idField("Pipeline version"), kind: z.enum(EXPORT_KINDS, { error: `Export must be one of ${EXPORT_KINDS.join(", ")}` }) }),
  run: async ({ db, input }) => {
    const version = await db.pipelineVersion.findUnique({
      where: { id: input.id },
      select: { version: true, spec: true, definition: true, iamPolicies: true, pipeline: { select: { name: true } } },
    });
    if (!version) throw new AppError("NOT_FOUND", "That pipeline version does not exist.");
    const base = `${version.pipeline.name}-v${version.version}`;
    const definition = version.definition as object;
    switch (input.kind) {
      case "definition":
        return { filename: `${base}.asl.json`, body: definition };
      case "iam-policies":
        return { filename: `${base}-iam-policies.json`, body: version.iamPolicies };
      case "cloudformation":
        return { filename: `${base}-cloudformation.json`, body: cloudFormationTemplate(version.pipeline.name, definition) };
      case "sample-input": {
        const draft = PipelineDraft.parse(version.spec);
        if (draft.kind === "raw") throw new AppError("NOT_FOUND", "A raw definition has no generated input; write its input by hand.");
        const built = buildExecutionInput(draft.spec, sampleBinding(draft.spec.steps.map((s) => s.key)));
        return { filename: `${base}-sample-input.json`, body: built.success ? built.data : { problems: built.error.issues } };
      }
    }
  },
});
