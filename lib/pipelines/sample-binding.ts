import type { ModelBinding } from "./input";
import type { PipelineSpec } from "./spec";

/**
 * A documented stand-in for a model until the catalog binds real ones: the embedded bucket, a placeholder
 * role, the SageMaker scikit-learn image for every step, and the scripts the article's model ships.
 */
const SAMPLE_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";

export function sampleBinding(spec: PipelineSpec): ModelBinding {
  return {
    roleArn: "arn:aws:iam::000000000000:role/ferry-sagemaker",
    inputUri: "s3://ferry-embedded/models/sample/input/",
    codeUri: "s3://ferry-embedded/models/sample/code/",
    outputUri: "s3://ferry-embedded/runs/sample/",
    scripts: { PREPROCESS: "preprocess.py", INFERENCE: "predict.py", POSTPROCESS: "postprocess.py" },
    steps: Object.fromEntries(spec.steps.map((step) => [step.key, { imageUri: SAMPLE_IMAGE, instanceType: "ml.m5.xlarge", volumeSizeGb: 20, maxRuntimeSeconds: 3600 }])),
  };
}
