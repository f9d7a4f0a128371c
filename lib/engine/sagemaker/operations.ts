import { z } from "zod";
import { AwsError } from "../errors";
import type { ProcessingJobService } from "./processing-service";
import { PROCESSING_JOB_NAME } from "./request-schema";
import { awsValidationMessage } from "./validation-message";
import { toWire } from "./wire";

const nameRequest = z.object({ ProcessingJobName: z.string().min(1).max(63).regex(PROCESSING_JOB_NAME) });

function jobName(body: unknown): string {
  const parsed = nameRequest.safeParse(body ?? {}, { reportInput: true });
  if (!parsed.success) throw new AwsError("ValidationException", awsValidationMessage(parsed.error.issues));
  return parsed.data.ProcessingJobName;
}

/** Serves `X-Amz-Target: SageMaker.<operation>` bodies; results are in wire form (epoch-second timestamps). */
export async function handleOperation(service: ProcessingJobService, operation: string, body: unknown): Promise<unknown> {
  switch (operation) {
    case "CreateProcessingJob":
      return service.create(body);
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
