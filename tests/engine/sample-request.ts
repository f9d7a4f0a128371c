import type { CreateProcessingJobInput } from "@/lib/engine/sagemaker/request-schema";

/** A valid CreateProcessingJob body shaped like the article's preprocessing step, for tests to vary. */
export function sampleRequest(overrides: Partial<CreateProcessingJobInput> = {}): CreateProcessingJobInput {
  return {
    ProcessingJobName: "preprocess-run-1",
    RoleArn: "arn:aws:iam::111111111111:role/service-role/AmazonSageMaker-ExecutionRole",
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 20 } },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    AppSpecification: {
      ImageUri: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:0.23-1-cpu-py3",
      ContainerEntrypoint: ["python", "/opt/ml/processing/input/scripts/preprocess.py"],
    },
    ProcessingInputs: [
      {
        InputName: "input_data",
        S3Input: { S3Uri: "s3://bucket/data/", LocalPath: "/opt/ml/processing/input/data/", S3DataType: "S3Prefix", S3InputMode: "File" },
      },
    ],
    ProcessingOutputConfig: {
      Outputs: [{ OutputName: "output_data", S3Output: { S3Uri: "s3://bucket/out/", LocalPath: "/opt/ml/processing/output", S3UploadMode: "EndOfJob" } }],
    },
    ...overrides,
  };
}
