import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { ListStateMachinesCommand } from "@aws-sdk/client-sfn";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { Environment } from "@/generated/prisma/client";
import { awsClients } from "@/lib/aws/clients";
import { describeTarget, type Principal, targetFor } from "@/lib/aws/targets";
import { plainWords } from "./state-machines";
import { accountOf, sagemakerRoleArn, stateMachineRoleArn } from "./target";

export type CheckItem = { name: string; ok: boolean; detail: string; fix?: string };
/** `identity`: the caller STS says Ferry is in this environment (an assumed role's session when one is set). */
export type EnvironmentCheck = { environmentId: string; ok: boolean; checkedAt: string; identity: string | null; items: CheckItem[] };

const TIMEOUT_MS = 8_000;

async function probe(name: string, call: (signal: AbortSignal) => Promise<string>, fix: string): Promise<CheckItem> {
  try {
    return { name, ok: true, detail: await call(AbortSignal.timeout(TIMEOUT_MS)) };
  } catch (error) {
    return { name, ok: false, detail: plainWords(error), fix };
  }
}

type Checked = Pick<
  Environment,
  "id" | "kind" | "region" | "accountId" | "bucket" | "endpointOverride" | "accessRoleArn" | "externalId" | "stateMachineRoleArn" | "sagemakerRoleArn"
>;

/**
 * What an environment lacks before a deployment can go there, by dry reads only (nothing is created), made the
 * same way for every environment and as the admin who asks: who Ferry is there (STS GetCallerIdentity, after
 * assuming the environment's access role when it names one), then whether Step Functions, the bucket and
 * CloudWatch Logs answer to that identity.
 */
export async function checkEnvironment(environment: Checked, principal: Principal = null): Promise<EnvironmentCheck> {
  const target = targetFor(environment, principal);
  const { sts, sfn, s3, logs } = awsClients(target);
  const where = describeTarget(target);
  let identity: string | null = null;
  const items: CheckItem[] = [
    await probe(
      environment.accessRoleArn ? "Access role (STS AssumeRole, GetCallerIdentity)" : "Credentials (STS GetCallerIdentity)",
      async (abortSignal) => {
        const who = await sts.send(new GetCallerIdentityCommand({}), { abortSignal });
        if (who.Account !== accountOf(environment)) throw new Error(`the credentials are for account ${who.Account}, not ${accountOf(environment)}`);
        identity = who.Arn ?? null;
        return `signed in as ${who.Arn}`;
      },
      environment.accessRoleArn
        ? `Let Ferry's principal assume ${environment.accessRoleArn}: its trust policy must name Ferry's principal and require this environment's external ID (see a pipeline's CloudFormation export).`
        : `Give Ferry's process credentials for account ${accountOf(environment)} (instance role, SSO profile or AWS_* variables) to call ${where}; they are never stored in Ferry.`,
    ),
    { name: "State machine role", ok: true, detail: stateMachineRoleArn(environment) },
    { name: "SageMaker execution role", ok: true, detail: sagemakerRoleArn(environment) },
    await probe(
      "Step Functions (ListStateMachines)",
      async (abortSignal) => {
        const listed = await sfn.send(new ListStateMachinesCommand({ maxResults: 1 }), { abortSignal });
        return `answers (${listed.stateMachines?.length ?? 0} state machine${listed.stateMachines?.length === 1 ? "" : "s"} on the first page)`;
      },
      `Check that Step Functions answers at ${where} and that Ferry may call states:ListStateMachines.`,
    ),
    await probe(
      `Bucket ${environment.bucket} (HeadBucket)`,
      async (abortSignal) => {
        await s3.send(new HeadBucketCommand({ Bucket: environment.bucket }), { abortSignal });
        return "exists and is readable";
      },
      `Create the bucket in ${environment.region} at ${where} and allow s3:ListBucket to Ferry.`,
    ),
    await probe(
      "Job logs (CloudWatch Logs DescribeLogGroups)",
      async (abortSignal) => {
        const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/aws/sagemaker/ProcessingJobs", limit: 1 }), { abortSignal });
        return groups.logGroups?.length ? "readable" : "readable (no processing job has written a log yet)";
      },
      "Allow logs:DescribeLogGroups, logs:DescribeLogStreams and logs:GetLogEvents on /aws/sagemaker/ProcessingJobs to Ferry.",
    ),
  ];
  return { environmentId: environment.id, ok: items.every((i) => i.ok), checkedAt: new Date().toISOString(), identity, items };
}
