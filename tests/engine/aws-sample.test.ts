import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { DescribeProcessingJobCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, type TestEngine } from "./harness";
import { FIXTURES, readObject, registerCustomImage, uploadDir } from "./legacy-model";
import { createMachine, start, waitForExecution } from "./sfn-helpers";

/**
 * The public AWS sample (definition, input and CSV) is read from ../shared/reference, never copied into the
 * repository. Ferry's own definition covers the same ground in pipeline.test.ts when it is absent.
 */
const SAMPLE_DIR = path.resolve(fileURLToPath(new URL("../../../shared/reference/aws-sample", import.meta.url)));
const SAMPLE_BUCKET = "sagemaker-us-east-1-111111111111";
const ENGINE_BUCKET = "ferry-aws-sample";
const CUSTOM_IMAGE = "111111111111.dkr.ecr.us-east-1.amazonaws.com/legacycode:1.0";
const present = existsSync(path.join(SAMPLE_DIR, "stepfunctions_config.json"));

type StepInput = { ProcessingJobName: string; [field: string]: unknown };
type SampleInput = Record<"PreProcessing" | "Inference" | "PostProcessing", StepInput>;

/** Points the sample's S3 URIs at the engine's bucket; the images stay as written (both are mapped locally). */
function toEngineBucket(text: string): string {
  return text.replaceAll(`s3://${SAMPLE_BUCKET}/`, `s3://${ENGINE_BUCKET}/`);
}

function withJobNames(input: SampleInput, suffix: string): SampleInput {
  const renamed = structuredClone(input);
  for (const step of Object.values(renamed)) step.ProcessingJobName = `${step.ProcessingJobName}${suffix}`;
  return renamed;
}

(present ? describe : describe.skip)(
  present ? "the public AWS sample" : `the public AWS sample (skipped: ${SAMPLE_DIR} is absent)`,
  () => {
    let engine: TestEngine;
    let machine = "";
    let input: SampleInput;

    beforeAll(async () => {
      engine = await startTestEngine();
      await engine.s3.send(new CreateBucketCommand({ Bucket: ENGINE_BUCKET }));
      await engine.s3.send(
        new PutObjectCommand({
          Bucket: ENGINE_BUCKET,
          Key: "legacycode/data/preproc/input/pre_processing_input.csv",
          Body: await readFile(path.join(SAMPLE_DIR, "pre_processing_input.csv")),
        }),
      );
      await uploadDir(engine.s3, path.join(FIXTURES, "scripts"), ENGINE_BUCKET, "legacycode/scripts/");
      await uploadDir(engine.s3, path.join(FIXTURES, "custom-image"), ENGINE_BUCKET, "legacycode/image/");
      await registerCustomImage(engine.endpoint, CUSTOM_IMAGE, `s3://${ENGINE_BUCKET}/legacycode/image/`);
      const definition = await readFile(path.join(SAMPLE_DIR, "stepfunctions_config.json"), "utf8");
      machine = await createMachine(engine.sfn, JSON.parse(definition) as object, "aws-sample");
      input = JSON.parse(toEngineBucket(await readFile(path.join(SAMPLE_DIR, "stepfunctions_input_parameters.json"), "utf8"))) as SampleInput;
    });
    afterAll(async () => engine?.close());

    it("runs the sample's three jobs to SUCCEEDED", async () => {
      const arn = await start(engine.sfn, machine, input, "sample-first");
      const out = await waitForExecution(engine.sfn, arn, undefined, 120_000);
      expect(out.status).toBe("SUCCEEDED");
      for (const step of Object.values(input)) {
        const job = await engine.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: step.ProcessingJobName }));
        expect(job.ProcessingJobStatus).toBe("Completed");
      }
      const report = JSON.parse(await readObject(engine.s3, ENGINE_BUCKET, "legacycode/data/postproc/output/report.json")) as { rows: number };
      expect(report.rows).toBeGreaterThan(0);
    }, 150_000);

    it("succeeds again with new job names", async () => {
      const arn = await start(engine.sfn, machine, withJobNames(input, "-b"), "sample-second");
      expect((await waitForExecution(engine.sfn, arn, undefined, 120_000)).status).toBe("SUCCEEDED");
    }, 150_000);

    it("fails, as AWS does, when the sample's fixed job names are reused", async () => {
      const arn = await start(engine.sfn, machine, input, "sample-rerun");
      const out = await waitForExecution(engine.sfn, arn, undefined, 60_000);
      expect(out).toMatchObject({ status: "FAILED", error: "SageMaker.AmazonSageMakerException" });
      expect(out.cause).toContain(input.PreProcessing.ProcessingJobName);
    }, 90_000);
  },
);
