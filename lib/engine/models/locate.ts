import { existsSync } from "node:fs";
import path from "node:path";

/**
 * Where AWS's published service models are read from: botocore's data files, as Debian ships them. The AWS
 * CLI's own copy comes first (awscli 2.9: January 2023, newer than python3-botocore 1.29: December 2022);
 * FERRY_AWS_MODELS_DIR overrides both (a folder laid out as botocore's `data/`).
 */
export const MODEL_ROOTS = ["/usr/lib/python3/dist-packages/awscli/botocore/data", "/usr/lib/python3/dist-packages/botocore/data"];

/** The service's folder name in botocore's data and the API version the engine speaks. */
export const SERVICES = {
  sagemaker: "sagemaker/2017-07-24",
  stepfunctions: "stepfunctions/2016-11-23",
  logs: "logs/2014-03-28",
  ecr: "ecr/2015-09-21",
  sts: "sts/2011-06-15",
  codebuild: "codebuild/2016-10-06",
  secretsmanager: "secretsmanager/2017-10-17",
} as const;

export type ServiceName = keyof typeof SERVICES;

export class MissingServiceModel extends Error {
  constructor(service: ServiceName, searched: string[]) {
    super(
      `The embedded engine checks every ${service} request against AWS's published service model and could not find it ` +
        `(looked for ${SERVICES[service]}/service-2.json under ${searched.join(", ")}). Install botocore's data files with ` +
        "`sudo apt-get install awscli` (or python3-botocore), or point FERRY_AWS_MODELS_DIR at a botocore data folder.",
    );
    this.name = "MissingServiceModel";
  }
}

export function modelFile(service: ServiceName, env: Record<string, string | undefined> = process.env): string {
  const roots = env.FERRY_AWS_MODELS_DIR ? [env.FERRY_AWS_MODELS_DIR] : MODEL_ROOTS;
  for (const root of roots) {
    const file = path.join(root, SERVICES[service], "service-2.json");
    if (existsSync(file)) return file;
  }
  throw new MissingServiceModel(service, roots);
}
