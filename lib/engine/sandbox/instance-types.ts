/**
 * vCPUs and memory (GiB) of the processing instance types, as AWS lists them. The engine keeps its own table:
 * it must not import the app's code, and the app's list of types has no sizes.
 */
const SIZES: Record<string, [vcpus: number, memoryGiB: number]> = {
  "ml.t3.medium": [2, 4], "ml.t3.large": [2, 8], "ml.t3.xlarge": [4, 16], "ml.t3.2xlarge": [8, 32],
  "ml.m4.xlarge": [4, 16], "ml.m4.2xlarge": [8, 32], "ml.m4.4xlarge": [16, 64], "ml.m4.10xlarge": [40, 160], "ml.m4.16xlarge": [64, 256],
  "ml.m5.large": [2, 8], "ml.m5.xlarge": [4, 16], "ml.m5.2xlarge": [8, 32], "ml.m5.4xlarge": [16, 64], "ml.m5.12xlarge": [48, 192], "ml.m5.24xlarge": [96, 384],
  "ml.c4.xlarge": [4, 7.5], "ml.c4.2xlarge": [8, 15], "ml.c4.4xlarge": [16, 30], "ml.c4.8xlarge": [36, 60],
  "ml.c5.xlarge": [4, 8], "ml.c5.2xlarge": [8, 16], "ml.c5.4xlarge": [16, 32], "ml.c5.9xlarge": [36, 72], "ml.c5.18xlarge": [72, 144],
  "ml.r5.large": [2, 16], "ml.r5.xlarge": [4, 32], "ml.r5.2xlarge": [8, 64], "ml.r5.4xlarge": [16, 128], "ml.r5.8xlarge": [32, 256],
  "ml.r5.12xlarge": [48, 384], "ml.r5.16xlarge": [64, 512], "ml.r5.24xlarge": [96, 768],
  "ml.p2.xlarge": [4, 61], "ml.p2.8xlarge": [32, 488], "ml.p2.16xlarge": [64, 732],
  "ml.p3.2xlarge": [8, 61], "ml.p3.8xlarge": [32, 244], "ml.p3.16xlarge": [64, 488],
  "ml.g4dn.xlarge": [4, 16], "ml.g4dn.2xlarge": [8, 32], "ml.g4dn.4xlarge": [16, 64], "ml.g4dn.8xlarge": [32, 128], "ml.g4dn.12xlarge": [48, 192], "ml.g4dn.16xlarge": [64, 256],
};

export interface InstanceSize {
  vcpus: number;
  memoryBytes: number;
}

const GIB = 1024 ** 3;

/** The instance type's size, or undefined for a type this table does not know (the engine's caps apply). */
export function instanceSize(instanceType: string | undefined): InstanceSize | undefined {
  const size = instanceType === undefined ? undefined : SIZES[instanceType];
  return size && { vcpus: size[0], memoryBytes: size[1] * GIB };
}
