import { ProcessingInstanceType } from "@aws-sdk/client-sagemaker";
import { z } from "zod";

/**
 * CreateProcessingJob's request shape with the constraints of SageMaker's API reference (lengths, patterns,
 * ranges, enums). Semantic rules that span fields live in validate-create.ts.
 */

export const PROCESSING_JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const S3_URI = /^(https|s3):\/\/([^/]+)\/?(.*)$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const ENV_KEY = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TAG_KEY = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;

const str = (min: number, max: number) => z.string().min(min).max(max);

const s3Input = z.object({
  S3Uri: str(0, 1024).regex(S3_URI),
  LocalPath: str(0, 256).optional(),
  S3DataType: z.enum(["ManifestFile", "S3Prefix"]),
  S3InputMode: z.enum(["Pipe", "File"]).optional(),
  S3DataDistributionType: z.enum(["FullyReplicated", "ShardedByS3Key"]).optional(),
  S3CompressionType: z.enum(["None", "Gzip"]).optional(),
});

const processingInput = z.object({
  InputName: str(0, 256),
  AppManaged: z.boolean().optional(),
  S3Input: s3Input.optional(),
  // Athena and Redshift inputs are accepted by the shape and refused by validate-create.ts.
  DatasetDefinition: z.object({ LocalPath: str(0, 256).optional() }).optional(),
});

const processingOutput = z.object({
  OutputName: str(0, 256),
  AppManaged: z.boolean().optional(),
  S3Output: z
    .object({
      S3Uri: str(0, 1024).regex(S3_URI),
      LocalPath: str(0, 256).optional(),
      S3UploadMode: z.enum(["Continuous", "EndOfJob"]),
    })
    .optional(),
  FeatureStoreOutput: z.object({ FeatureGroupName: str(1, 64) }).optional(),
});

const instanceTypes = Object.values(ProcessingInstanceType) as [ProcessingInstanceType, ...ProcessingInstanceType[]];

export const createProcessingJobSchema = z.object({
  ProcessingJobName: str(1, 63).regex(PROCESSING_JOB_NAME),
  ProcessingInputs: z.array(processingInput).min(0).max(10).optional(),
  ProcessingOutputConfig: z
    .object({ Outputs: z.array(processingOutput).min(0).max(10), KmsKeyId: str(0, 2048).optional() })
    .optional(),
  ProcessingResources: z.object({
    ClusterConfig: z.object({
      InstanceCount: z.number().int().min(1).max(100),
      InstanceType: z.enum(instanceTypes),
      VolumeSizeInGB: z.number().int().min(1).max(16384),
      VolumeKmsKeyId: str(0, 2048).optional(),
    }),
  }),
  StoppingCondition: z.object({ MaxRuntimeInSeconds: z.number().int().min(1).max(777600) }).optional(),
  AppSpecification: z.object({
    ImageUri: str(0, 255),
    ContainerEntrypoint: z.array(str(1, 256)).min(1).max(100).optional(),
    ContainerArguments: z.array(str(0, 256)).min(1).max(100).optional(),
  }),
  Environment: z
    .record(str(0, 256).regex(ENV_KEY), str(0, 256))
    .refine((env) => Object.keys(env).length <= 100, "Map must have at most 100 entries")
    .optional(),
  NetworkConfig: z
    .object({
      EnableInterContainerTrafficEncryption: z.boolean().optional(),
      EnableNetworkIsolation: z.boolean().optional(),
      VpcConfig: z.object({ SecurityGroupIds: z.array(str(0, 32)).min(1).max(5), Subnets: z.array(str(0, 32)).min(1).max(16) }).optional(),
    })
    .optional(),
  RoleArn: str(20, 2048).regex(ROLE_ARN),
  Tags: z.array(z.object({ Key: str(1, 128).regex(TAG_KEY), Value: str(0, 256) })).max(50).optional(),
  ExperimentConfig: z
    .object({
      ExperimentName: str(1, 120).optional(),
      TrialName: str(1, 120).optional(),
      TrialComponentDisplayName: str(1, 120).optional(),
      RunName: str(1, 120).optional(),
    })
    .optional(),
});

export type CreateProcessingJobInput = z.infer<typeof createProcessingJobSchema>;
