import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ListStateMachinesCommand } from "@aws-sdk/client-sfn";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import type { Environment } from "@/generated/prisma/client";
import { awsClients } from "@/lib/aws/clients";
import { plainWords } from "./state-machines";
import { targetFor } from "./target";

export type CheckItem = { name: string; ok: boolean; detail: string; fix?: string };
export type EnvironmentCheck = { environmentId: string; ok: boolean; checkedAt: string; items: CheckItem[] };

const TIMEOUT_MS = 8_000;

async function probe(name: string, call: (signal: AbortSignal) => Promise<string>, fix: string): Promise<CheckItem> {
  try {
    return { name, ok: true, detail: await call(AbortSignal.timeout(TIMEOUT_MS)) };
  } catch (error) {
    return { name, ok: false, detail: plainWords(error), fix };
  }
}

type Checked = Pick<Environment, "id" | "kind" | "region" | "accountId" | "bucket" | "endpointOverride" | "stateMachineRoleArn" | "sagemakerRoleArn">;

/**
 * What an environment lacks before a deployment can go there, by dry reads only (nothing is created).
 * AWS: who the SDK's default credentials are (STS), whether Step Functions and the bucket answer.
 * Embedded: the engine has no STS, so the check is the engine's health (its SFN and S3 answer).
 */
export async function checkEnvironment(environment: Checked): Promise<EnvironmentCheck> {
  const { sfn, s3 } = awsClients(targetFor(environment));
  const items: CheckItem[] = [];
  if (environment.kind === "AWS") {
    const sts = new STSClient({ region: environment.region, maxAttempts: 2 });
    const identity = await probe(
      "Credentials (STS GetCallerIdentity)",
      async (abortSignal) => {
        const who = await sts.send(new GetCallerIdentityCommand({}), { abortSignal });
        if (who.Account !== environment.accountId) throw new Error(`the credentials are for account ${who.Account}, not ${environment.accountId}`);
        return `signed in as ${who.Arn}`;
      },
      "Give Ferry's process credentials for this account (instance role, SSO profile or AWS_* variables); they are never stored in Ferry.",
    );
    items.push(identity);
    sts.destroy();
    for (const [label, arn] of [["State machine role", environment.stateMachineRoleArn], ["SageMaker execution role", environment.sagemakerRoleArn]] as const) {
      items.push(arn ? { name: label, ok: true, detail: arn } : { name: label, ok: false, detail: "not set", fix: `Edit the environment and set the ${label.toLowerCase()} ARN.` });
    }
  } else {
    items.push({ name: "Embedded engine", ok: true, detail: `${targetFor(environment).endpoint ?? "default endpoint"} (no STS: the engine accepts any signed request)` });
  }
  items.push(
    await probe(
      "Step Functions (ListStateMachines)",
      async (abortSignal) => {
        const listed = await sfn.send(new ListStateMachinesCommand({ maxResults: 1 }), { abortSignal });
        return `answers (${listed.stateMachines?.length ?? 0} state machine${listed.stateMachines?.length === 1 ? "" : "s"} on the first page)`;
      },
      environment.kind === "AWS" ? "Allow states:ListStateMachines to Ferry's credentials, and check the region and endpoint." : "Start Ferry with `npm start` so the engine runs, or fix the endpoint override.",
    ),
    await probe(
      `Bucket ${environment.bucket} (HeadBucket)`,
      async (abortSignal) => {
        await s3.send(new HeadBucketCommand({ Bucket: environment.bucket }), { abortSignal });
        return "exists and is readable";
      },
      environment.kind === "AWS" ? "Create the bucket in this region and allow s3:ListBucket to Ferry's credentials." : "The engine creates its bucket at start-up: restart Ferry.",
    ),
  );
  sfn.destroy();
  s3.destroy();
  return { environmentId: environment.id, ok: items.every((i) => i.ok), checkedAt: new Date().toISOString(), items };
}
