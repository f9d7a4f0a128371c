import { AwsError } from "../errors";
import { assertValidRequest } from "../models";
import type { ProcessingJobService } from "./processing-service";
import { toWire } from "./wire";

/** The name of a Describe/Stop request the model has already checked (required, length, pattern). */
function jobName(body: unknown): string {
  return (body as { ProcessingJobName: string }).ProcessingJobName;
}

/** Serves `X-Amz-Target: SageMaker.<operation>` bodies; results are in wire form (epoch-second timestamps). */
export async function handleOperation(service: ProcessingJobService, operation: string, body: unknown): Promise<unknown> {
  // CreateProcessingJob checks its body itself: Step Functions tasks call it without going through here.
  if (operation === "CreateProcessingJob") return service.create(body);
  assertValidRequest("sagemaker", operation, body);
  switch (operation) {
    case "DescribeProcessingJob":
      return toWire(await service.describe(jobName(body)));
    case "ListProcessingJobs":
      return toWire(await service.list(body));
    case "StopProcessingJob":
      await service.stop(jobName(body));
      return {};
    default:
      throw new AwsError("UnknownOperationException", `SageMaker.${operation} is not supported by the embedded engine.`);
  }
}
