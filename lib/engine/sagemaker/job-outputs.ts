import path from "node:path";
import type { ObjectStore } from "../contracts";
import { HostileTreeError, listTree, resolveFolder } from "../sandbox/hostile-tree";
import { mebibytes } from "../sandbox/limits";
import { causeOf } from "./failure-reason";
import type { CreateProcessingJobInput } from "./request-schema";

/**
 * Uploads outputs once the container has exited. EndOfJob outputs are uploaded only after a successful exit.
 * Continuous outputs are uploaded at the end whatever the outcome: the engine does not stream them while the
 * job runs, but what the job wrote still reaches S3 when it fails, as it would with Continuous in AWS.
 *
 * The job wrote these folders: a LocalPath that is (or passes through) a link fails the job, links and
 * special files inside are skipped and logged, and an output larger than the job's volume is refused.
 */
export async function uploadOutputs(
  request: CreateProcessingJobInput,
  optMlDir: string,
  succeeded: boolean,
  objects: ObjectStore,
  limits: { volumeBytes: number },
  log: (line: string) => void,
): Promise<void> {
  for (const output of request.ProcessingOutputConfig?.Outputs ?? []) {
    const s3 = output.S3Output;
    if (!s3?.LocalPath || (!succeeded && s3.S3UploadMode === "EndOfJob")) continue;
    const fail = (cause: string) => new Error(`ClientError: could not upload output '${output.OutputName}' to ${s3.S3Uri}: ${cause}`);
    const dir = await resolveFolder(optMlDir, path.posix.relative("/opt/ml", s3.LocalPath)).catch((error: unknown) => {
      // The host path is the engine's business; the job knows its LocalPath.
      if (!(error instanceof HostileTreeError)) throw fail(causeOf(error));
      const where = path.posix.join("/opt/ml", error.relative);
      throw fail(`${where} ${error.problem} (its LocalPath is ${s3.LocalPath}; the engine does not follow links a job leaves behind)`);
    });
    const tree = await listTree(dir);
    for (const { relative, kind } of tree.skipped) log(`output ${output.OutputName}: skipped ${relative} (a ${kind}; only regular files are uploaded)`);
    const bytes = tree.files.reduce((sum, file) => sum + file.size, 0);
    if (bytes > limits.volumeBytes) throw fail(`its files hold ${mebibytes(bytes)}, more than the job's volume of ${mebibytes(limits.volumeBytes)}`);
    const count = await objects.uploadDirectory(dir, s3.S3Uri).catch((error: unknown) => {
      throw fail(causeOf(error));
    });
    log(`output ${output.OutputName}: ${count} file(s) from ${s3.LocalPath} -> ${s3.S3Uri}`);
  }
}
