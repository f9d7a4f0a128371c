import { readFile } from "node:fs/promises";
import path from "node:path";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateProcessingJobCommand, DescribeProcessingJobCommand, type CreateProcessingJobCommandInput, type DescribeProcessingJobCommandOutput } from "@aws-sdk/client-sagemaker";
import { startTestEngine, TEST_ROLE, type TestEngine } from "./harness";

/**
 * The escape suites' engine: real jobs over the AWS SDK, small limits so that limit attacks end in seconds.
 * Outputs are Continuous, so a job that fails still has what it wrote uploaded: "nothing leaked" is checked
 * on the path that uploads the most.
 */

const SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";
export const BUCKET = "escape";

/** Caps read by the engine when it starts (FERRY_ENGINE_*), restored by `close`. */
const CAPS: Record<string, string> = {
  FERRY_ENGINE_MAX_JOB_MEMORY_MB: "256",
  FERRY_ENGINE_MAX_JOB_DISK_MB: "64",
  FERRY_ENGINE_MAX_JOB_PROCESSES: "64",
  FERRY_ENGINE_JOB_TMP_MB: "32",
  FERRY_ENGINE_JOB_SHM_MB: "16",
  FERRY_ENGINE_MAX_JOB_LOG_MB: "1",
};

export interface EscapeEngine extends TestEngine {
  /** Runs `script` as a job (network denied unless `network`) and waits for its end. */
  run(name: string, script: string, options?: { network?: boolean }): Promise<DescribeProcessingJobCommandOutput>;
  /** The JSON the job wrote to /opt/ml/processing/output/result.json, read from S3. */
  result(name: string): Promise<Record<string, unknown>>;
  /** Keys uploaded under the job's output prefix. */
  uploaded(name: string): Promise<string[]>;
  log(name: string): Promise<string>;
}

export async function startEscapeEngine(): Promise<EscapeEngine> {
  const saved = Object.fromEntries(Object.keys(CAPS).map((name) => [name, process.env[name]]));
  Object.assign(process.env, CAPS);
  const engine = await startTestEngine({ maxConcurrentJobs: 2 }).finally(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  await engine.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const uploaded = async (name: string) => {
    const listed = await engine.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `out/${name}/` }));
    return (listed.Contents ?? []).map((object) => object.Key?.slice(`out/${name}/`.length) ?? "");
  };
  return {
    ...engine,
    uploaded,
    async run(name, script, options = {}) {
      await engine.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `code/${name}/job.py`, Body: script }));
      await engine.sagemaker.send(new CreateProcessingJobCommand(request(name, options.network ?? false)));
      const deadline = Date.now() + 45_000;
      for (;;) {
        const job = await engine.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
        if (!["InProgress", "Stopping"].includes(job.ProcessingJobStatus ?? "")) return job;
        if (Date.now() > deadline) throw new Error(`${name} did not end`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    },
    async result(name) {
      const object = await engine.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `out/${name}/result.json` }));
      return JSON.parse((await object.Body?.transformToString()) ?? "{}") as Record<string, unknown>;
    },
    log: (name) => readFile(path.join(engine.dataDir, "sagemaker", "jobs", name, "job.log"), "utf8"),
  };
}

function request(name: string, network: boolean): CreateProcessingJobCommandInput {
  return {
    ProcessingJobName: name,
    RoleArn: TEST_ROLE,
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.t3.medium", VolumeSizeInGB: 1 } },
    StoppingCondition: { MaxRuntimeInSeconds: 40 },
    AppSpecification: { ImageUri: SKLEARN, ContainerEntrypoint: ["python3", "/opt/ml/processing/input/code/job.py"] },
    ProcessingInputs: [{ InputName: "code", S3Input: { S3Uri: `s3://${BUCKET}/code/${name}/`, LocalPath: "/opt/ml/processing/input/code", S3DataType: "S3Prefix", S3InputMode: "File" } }],
    ProcessingOutputConfig: {
      Outputs: [{ OutputName: "out", S3Output: { S3Uri: `s3://${BUCKET}/out/${name}/`, LocalPath: "/opt/ml/processing/output", S3UploadMode: "Continuous" } }],
    },
    NetworkConfig: { EnableNetworkIsolation: !network },
  };
}
