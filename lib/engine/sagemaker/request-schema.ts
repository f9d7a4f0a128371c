import type { CreateProcessingJobRequest } from "@aws-sdk/client-sagemaker";
import { checkRequest } from "../models/check-request";
import { serviceModel } from "../models/service-model";

/**
 * What a request is once AWS's service model has checked it (lib/engine/models): the SDK's own types, with
 * the members the model requires present (the SDK types them `T | undefined`).
 */
export type Validated<T> = T extends Date | string | number | boolean
  ? T
  : T extends readonly (infer Item)[]
    ? Validated<Item>[]
    : T extends object
      ? string extends keyof T
        ? { [key: string]: Validated<Exclude<T[string & keyof T], undefined>> }
        : { [K in RequiredKeys<T>]: Validated<Exclude<T[K], undefined>> } & { [K in Exclude<keyof T, RequiredKeys<T>>]?: Validated<Exclude<T[K], undefined>> }
      : T;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends Pick<T, K>` is how an optional key is told apart.
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

export type CreateProcessingJobInput = Validated<CreateProcessingJobRequest>;

/** A name SageMaker accepts for a processing job, by the model's own constraints (length and pattern). */
export function isProcessingJobName(name: unknown): name is string {
  const check = checkRequest(serviceModel("sagemaker"), "DescribeProcessingJob", { ProcessingJobName: name });
  return typeof name === "string" && check !== undefined && check.violations.length === 0 && check.mismatches.length === 0;
}
