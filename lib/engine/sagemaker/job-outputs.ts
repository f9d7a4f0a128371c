import type { ObjectStore } from "../contracts";
import { causeOf } from "./failure-reason";
import { hostPath } from "./job-inputs";
import type { CreateProcessingJobInput } from "./request-schema";

/**
 * Uploads outputs once the container has exited. EndOfJob outputs are uploaded only after a successful exit.
 * Continuous outputs are uploaded at the end whatever the outcome: the engine does not stream them while the
 * job runs, but what the job wrote still reaches S3 when it fails, as it would with Continuous in AWS.
 */
export async function uploadOutputs(
  request: CreateProcessingJobInput,
  optMlDir: string,
  succeeded: boolean,
  objects: ObjectStore,
  log: (line: string) => void,
): Promise<void> {
  for (const output of request.ProcessingOutputConfig?.Outputs ?? []) {
    const s3 = output.S3Output;
    if (!s3?.LocalPath || (!succeeded && s3.S3UploadMode === "EndOfJob")) continue;
    const count = await objects.uploadDirectory(hostPath(optMlDir, s3.LocalPath), s3.S3Uri).catch((error: unknown) => {
      throw new Error(`ClientError: could not upload output '${output.OutputName}' to ${s3.S3Uri}: ${causeOf(error)}`);
    });
    log(`output ${output.OutputName}: ${count} file(s) from ${s3.LocalPath} -> ${s3.S3Uri}`);
  }
}
