import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { engineRouteFetch } from "@/lib/aws/engine-routes";
import { TEST_CREDENTIALS, TEST_REGION, TEST_ROLE, type TestEngine } from "./harness";

/** The small legacy model under tests/fixtures/legacy-model, staged in an engine's S3 like a data scientist would. */
export const FIXTURES = fileURLToPath(new URL("../fixtures/legacy-model/", import.meta.url));
export const FRAMEWORK_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:0.23-1-cpu-py3";
export const CUSTOM_IMAGE = "000000000000.dkr.ecr.us-east-1.amazonaws.com/legacy-model:1.0";

export async function uploadDir(s3: S3Client, dir: string, bucket: string, prefix: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries.filter((e) => e.isFile())) {
    const full = path.join(entry.parentPath, entry.name);
    const key = prefix + path.relative(dir, full).split(path.sep).join("/");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(full) }));
  }
}

/** Registers a custom image from a build context in S3 through the engine's image registry (a signed request, as Ferry's). */
export async function registerCustomImage(endpoint: string, imageUri: string, buildContextUri: string): Promise<void> {
  const response = await engineRouteFetch(new URL("/_ferry/images", endpoint), {
    method: "PUT",
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    json: { imageUri, kind: "custom", buildContextUri },
  });
  if (!response.ok) throw new Error(`image registration failed: ${response.status} ${await response.text()}`);
}

/** Bucket layout: code/{scripts,failing,slow}/, data/input/, images/legacy-model/ (registered as CUSTOM_IMAGE). */
export async function stageLegacyModel(engine: TestEngine, bucket: string): Promise<void> {
  await engine.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const folder of ["scripts", "failing", "slow"]) {
    await uploadDir(engine.s3, path.join(FIXTURES, folder), bucket, `code/${folder}/`);
  }
  await uploadDir(engine.s3, path.join(FIXTURES, "data"), bucket, "data/input/");
  await uploadDir(engine.s3, path.join(FIXTURES, "custom-image"), bucket, "images/legacy-model/");
  await registerCustomImage(engine.endpoint, CUSTOM_IMAGE, `s3://${bucket}/images/legacy-model/`);
}

export async function readObject(s3: S3Client, bucket: string, key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body?.transformToString()) ?? "";
}

interface StepOptions {
  /** Suffix of the job name, which is derived from the execution name so reruns never collide. */
  suffix: string;
  inputPath: string;
  image: "framework" | "custom";
  script?: string;
  next?: string;
  extra?: Record<string, unknown>;
}

/** One createProcessingJob.sync Task, shaped like the sample's steps but with execution-derived job names. */
export function processingStep(options: StepOptions): Record<string, unknown> {
  const inputs: Record<string, unknown>[] = [
    {
      InputName: "input_data",
      S3Input: {
        "S3Uri.$": "$.InputUri",
        LocalPath: options.image === "custom" ? "/opt/ml/processing/input" : "/opt/ml/processing/input/data/",
        S3DataType: "S3Prefix",
        S3InputMode: "File",
      },
    },
  ];
  if (options.script) {
    inputs.push({
      InputName: "scripts",
      S3Input: { "S3Uri.$": "$.CodeUri", LocalPath: "/opt/ml/processing/input/scripts/", S3DataType: "S3Prefix", S3InputMode: "File" },
    });
  }
  return {
    Type: "Task",
    Resource: "arn:aws:states:::sagemaker:createProcessingJob.sync",
    InputPath: options.inputPath,
    Parameters: {
      "ProcessingJobName.$": `States.Format('{}-${options.suffix}', $$.Execution.Name)`,
      ProcessingInputs: inputs,
      ProcessingOutputConfig: {
        Outputs: [{ OutputName: "output_data", S3Output: { "S3Uri.$": "$.OutputUri", LocalPath: "/opt/ml/processing/output", S3UploadMode: "EndOfJob" } }],
      },
      ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 20 } },
      StoppingCondition: { "MaxRuntimeInSeconds.$": "$.MaxRuntimeInSeconds" },
      AppSpecification: {
        "ImageUri.$": "$.ImageUri",
        ...(options.script ? { ContainerEntrypoint: ["python3", `/opt/ml/processing/input/scripts/${options.script}`] } : {}),
      },
      RoleArn: TEST_ROLE,
    },
    ResultPath: null,
    ...(options.next ? { Next: options.next } : { End: true }),
    ...options.extra,
  };
}

/** Ferry's own three-step definition: preprocess (script mode), inference (custom image), postprocess. */
export const threeStepDefinition = {
  Comment: "Ferry legacy model: three processing jobs",
  StartAt: "Preprocess",
  States: {
    Preprocess: processingStep({ suffix: "pre", inputPath: "$.PreProcessing", image: "framework", script: "preprocess.py", next: "Inference" }),
    Inference: processingStep({ suffix: "inf", inputPath: "$.Inference", image: "custom", next: "Postprocess" }),
    Postprocess: processingStep({ suffix: "post", inputPath: "$.PostProcessing", image: "framework", script: "postprocess.py" }),
  },
};

/** Execution input for one run; every output lands under runs/<run>/ so runs never mix. */
export function threeStepInput(bucket: string, run: string, maxRuntime = 600): Record<string, unknown> {
  const base = `s3://${bucket}/runs/${run}`;
  const step = (input: string, output: string, image: string, code?: string) => ({
    InputUri: input,
    OutputUri: output,
    ImageUri: image,
    MaxRuntimeInSeconds: maxRuntime,
    ...(code ? { CodeUri: code } : {}),
  });
  return {
    PreProcessing: step(`s3://${bucket}/data/input/`, `${base}/features/`, FRAMEWORK_IMAGE, `s3://${bucket}/code/scripts/`),
    Inference: step(`${base}/features/`, `${base}/predictions/`, CUSTOM_IMAGE),
    PostProcessing: step(`${base}/predictions/`, `${base}/report/`, FRAMEWORK_IMAGE, `s3://${bucket}/code/scripts/`),
  };
}
