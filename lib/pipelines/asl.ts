import type { InputSource, PipelineSpec, Step } from "./spec";

/**
 * Amazon States Language for a pipeline: one Task state per step, each running a SageMaker Processing job
 * and waiting for it (.sync). Values left to each model come from the execution input (see input.ts).
 */
export const PROCESSING_SYNC = "arn:aws:states:::sagemaker:createProcessingJob.sync";
const DONE_STATE = "Pipeline finished";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type StateMachineDefinition = { Comment: string; StartAt: string; States: Record<string, Json> };

const stepParams = (step: Step) => `$.Steps.${step.key}`;

/** `<OutputUri><execution>/<step>/<output>/`: every run writes to its own prefix. */
function outputUri(stepKey: string, output: string): string {
  return `States.Format('{}{}/${stepKey}/${output}/', $.OutputUri, $$.Execution.Name)`;
}

function inputUri(source: InputSource): string {
  switch (source.type) {
    case "model-input":
      return "$.InputUri";
    case "model-code":
      return "$.CodeUri";
    case "step-output":
      return outputUri(source.step, source.output);
  }
}

function appSpecification(step: Step): Json {
  const image = { "ImageUri.$": `${stepParams(step)}.ImageUri` };
  if (step.kind === "script") return { ...image, "ContainerEntrypoint.$": `${stepParams(step)}.Entrypoint` };
  return {
    ...image,
    ...(step.entrypoint.length ? { ContainerEntrypoint: step.entrypoint } : {}),
    ...(step.arguments.length ? { ContainerArguments: step.arguments } : {}),
  };
}

function taskParameters(step: Step): Json {
  const params = stepParams(step);
  return {
    "ProcessingJobName.$": `States.Format('{}-${step.key}-{}-{}', $$.Execution.Name, $$.Execution.RedriveCount, $$.State.RetryCount)`,
    ProcessingInputs: step.inputs.map((input) => ({
      InputName: input.name,
      S3Input: {
        "S3Uri.$": inputUri(input.source),
        LocalPath: input.localPath,
        S3DataType: "S3Prefix",
        S3InputMode: "File",
        S3DataDistributionType: "FullyReplicated",
      },
    })),
    ProcessingOutputConfig: {
      Outputs: step.outputs.map((output) => ({
        OutputName: output.name,
        S3Output: { "S3Uri.$": outputUri(step.key, output.name), LocalPath: output.localPath, S3UploadMode: "EndOfJob" },
      })),
    },
    ProcessingResources: {
      ClusterConfig: { InstanceCount: 1, "InstanceType.$": `${params}.InstanceType`, "VolumeSizeInGB.$": `${params}.VolumeSizeInGB` },
    },
    StoppingCondition: { "MaxRuntimeInSeconds.$": `${params}.MaxRuntimeInSeconds` },
    AppSpecification: appSpecification(step),
    ...(Object.keys(step.environment).length ? { Environment: step.environment } : {}),
    NetworkConfig: { EnableNetworkIsolation: step.networkIsolation },
    "RoleArn.$": "$.RoleArn",
    Tags: [{ Key: "ferry:execution", "Value.$": "$$.Execution.Name" }],
  };
}

function taskState(step: Step, next: string | null): Json {
  return {
    Type: "Task",
    Comment: `${step.kind === "script" ? `Script mode (${step.stage.toLowerCase()})` : "Custom container"}: step ${step.key}`,
    Resource: PROCESSING_SYNC,
    Parameters: taskParameters(step),
    // Keep what the monitor needs of each job; the rest of the state (the execution input) flows on unchanged.
    ResultSelector: {
      "ProcessingJobName.$": "$.ProcessingJobName",
      "ProcessingJobArn.$": "$.ProcessingJobArn",
      "ProcessingJobStatus.$": "$.ProcessingJobStatus",
    },
    ResultPath: `$.Results.${step.key}`,
    ...(step.retry
      ? {
          Retry: [
            {
              ErrorEquals: step.retry.errors,
              IntervalSeconds: step.retry.intervalSeconds,
              BackoffRate: step.retry.backoffRate,
              MaxAttempts: step.retry.maxAttempts,
            },
          ],
        }
      : {}),
    ...(step.onFailure === "continue"
      ? { Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: `$.Errors.${step.key}`, Next: next ?? DONE_STATE }] }
      : {}),
    ...(next ? { Next: next } : { End: true }),
  };
}

export function toStateMachineDefinition(spec: PipelineSpec, pipelineName: string): StateMachineDefinition {
  const [first] = spec.steps;
  if (!first) throw new Error("a pipeline has at least one step (PipelineSpec guarantees it)");
  const states: Record<string, Json> = {};
  spec.steps.forEach((step, index) => {
    states[step.name] = taskState(step, spec.steps[index + 1]?.name ?? null);
  });
  const last = spec.steps[spec.steps.length - 1];
  if (last?.onFailure === "continue") states[DONE_STATE] = { Type: "Succeed" };
  return { Comment: `Ferry pipeline ${pipelineName}${spec.description ? `: ${spec.description}` : ""}`, StartAt: first.name, States: states };
}
