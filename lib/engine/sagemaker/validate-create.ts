import path from "node:path";
import { AwsError } from "../errors";
import { assertValidRequest } from "../models";
import type { CreateProcessingJobInput } from "./request-schema";

/** The only place a job's data may live inside its container, as SageMaker requires. */
export const PROCESSING_ROOT = "/opt/ml/processing/";

/**
 * Validates a CreateProcessingJob body as SageMaker does: against AWS's service model first (all violations in
 * one ValidationException), then the rules that span fields. Also refuses, with the reason, what the embedded
 * engine cannot run (Pipe mode, Athena/Redshift inputs, Feature Store outputs, more than one instance).
 */
export function validateCreateRequest(body: unknown): CreateProcessingJobInput {
  assertValidRequest("sagemaker", "CreateProcessingJob", body);
  // The model has checked every member's type and presence: the body is what the type says.
  const request = body as CreateProcessingJobInput;
  checkInputs(request);
  checkOutputs(request);
  if ((request.ProcessingResources.ClusterConfig.InstanceCount ?? 1) > 1) {
    throw new AwsError(
      "ResourceLimitExceeded",
      "The embedded engine runs each processing job on one instance: InstanceCount must be 1.",
    );
  }
  return request;
}

function checkInputs(request: CreateProcessingJobInput): void {
  const names = new Set<string>();
  for (const input of request.ProcessingInputs ?? []) {
    unique(names, input.InputName, "InputName");
    if (input.DatasetDefinition) {
      invalid(`Input '${input.InputName}': DatasetDefinition (Athena/Redshift) inputs are not supported by the embedded engine; use S3Input.`);
    }
    const s3 = input.S3Input;
    if (!s3) invalid(`Input '${input.InputName}' must have an S3Input.`);
    localPath(s3.LocalPath, `Input '${input.InputName}'`);
    s3Scheme(s3.S3Uri);
    if (s3.S3InputMode === "Pipe") invalid(`Input '${input.InputName}': Pipe input mode is not supported by the embedded engine; use File.`);
    if (s3.S3CompressionType === "Gzip") invalid(`Input '${input.InputName}': Gzip compression can only be used with Pipe input mode.`);
  }
}

function checkOutputs(request: CreateProcessingJobInput): void {
  const names = new Set<string>();
  for (const output of request.ProcessingOutputConfig?.Outputs ?? []) {
    unique(names, output.OutputName, "OutputName");
    if (output.FeatureStoreOutput) invalid(`Output '${output.OutputName}': FeatureStoreOutput is not supported by the embedded engine.`);
    const s3 = output.S3Output;
    if (!s3) invalid(`Output '${output.OutputName}' must have an S3Output.`);
    localPath(s3.LocalPath, `Output '${output.OutputName}'`);
    s3Scheme(s3.S3Uri);
  }
}

function unique(seen: Set<string>, name: string, field: string): void {
  if (seen.has(name)) invalid(`${field} '${name}' is used more than once; names must be unique.`);
  seen.add(name);
}

/** LocalPath becomes a host path under the job's folder, so anything that could climb out is refused here. */
function localPath(value: string | undefined, owner: string): void {
  if (!value) invalid(`${owner}: LocalPath is required.`);
  const normal = path.posix.normalize(value);
  if (!value.startsWith(PROCESSING_ROOT) || value.split("/").includes("..") || !normal.startsWith(PROCESSING_ROOT)) {
    invalid(`${owner}: LocalPath '${value}' must be an absolute path under ${PROCESSING_ROOT}.`);
  }
}

function s3Scheme(uri: string): void {
  if (!uri.startsWith("s3://")) invalid(`S3Uri '${uri}': the embedded engine supports only s3:// URIs.`);
}

function invalid(message: string): never {
  throw new AwsError("ValidationException", message);
}
