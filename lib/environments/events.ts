import { DescribeRuleCommand, ListTargetsByRuleCommand, PutRuleCommand, PutTargetsCommand, ResourceNotFoundException } from "@aws-sdk/client-eventbridge";
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, QueueDoesNotExist, SetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Environment, PrismaClient } from "@/generated/prisma/client";
import { clientsFor } from "@/lib/aws/clients";
import type { EnvironmentTarget } from "@/lib/aws/targets";
import type { CheckItem } from "./check";
import { RUN_EVENTS_NAME, RUN_EVENTS_PATTERN, RUN_EVENTS_QUEUE_ATTRIBUTES, runEventsQueueArn, runEventsQueuePolicy, runEventsRuleArn } from "@/lib/pipelines/run-events-plumbing";
import { plainWords } from "./state-machines";
import { accountOf } from "./target";

type Plumbed = EnvironmentTarget & Pick<Environment, "accountId">;

const scopeOf = (environment: Plumbed) => ({ region: environment.region, accountId: accountOf(environment) });

/**
 * Creates what is missing and corrects what differs, idempotently (every call may be repeated): the queue with
 * its attributes and policy, the rule with its pattern, the rule's target. Returns the queue's URL.
 */
export async function ensureRunEvents(environment: Plumbed): Promise<string> {
  const { sqs, eventBridge } = clientsFor(environment);
  const scope = scopeOf(environment);
  const queueUrl = (await existingQueue(sqs)) ?? (await sqs.send(new CreateQueueCommand({ QueueName: RUN_EVENTS_NAME, Attributes: RUN_EVENTS_QUEUE_ATTRIBUTES }))).QueueUrl ?? "";
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { ...RUN_EVENTS_QUEUE_ATTRIBUTES, Policy: JSON.stringify(runEventsQueuePolicy(scope)) } }));
  await eventBridge.send(
    new PutRuleCommand({ Name: RUN_EVENTS_NAME, EventPattern: JSON.stringify(RUN_EVENTS_PATTERN), State: "ENABLED", Description: "Ferry: Step Functions and SageMaker status changes, for the run monitor" }),
  );
  const put = await eventBridge.send(new PutTargetsCommand({ Rule: RUN_EVENTS_NAME, Targets: [{ Id: RUN_EVENTS_NAME, Arn: runEventsQueueArn(scope) }] }));
  if (put.FailedEntryCount) throw new Error(`EventBridge refused the queue as the rule's target: ${put.FailedEntries?.[0]?.ErrorMessage ?? "no reason given"}`);
  return queueUrl;
}

/** The embedded environment gets its run events at every start (the seed): the engine on this machine needs no admin. */
export async function seedRunEvents(db: PrismaClient, environment: Plumbed & Pick<Environment, "id">): Promise<string> {
  const queueUrl = await ensureRunEvents(environment);
  await db.environment.update({ where: { id: environment.id }, data: { eventsQueueUrl: queueUrl } });
  return queueUrl;
}

async function existingQueue(sqs: SQSClient): Promise<string | null> {
  try {
    return (await sqs.send(new GetQueueUrlCommand({ QueueName: RUN_EVENTS_NAME }))).QueueUrl ?? null;
  } catch (error) {
    if (error instanceof QueueDoesNotExist) return null;
    throw error;
  }
}

/** Dry reads only: does the queue exist with a policy letting the rule send, and does the rule send it the right events? */
export async function checkRunEvents(environment: Plumbed): Promise<CheckItem[]> {
  const { sqs, eventBridge } = clientsFor(environment);
  const scope = scopeOf(environment);
  const fix = "Press “Set up run events” (or deploy a pipeline's CloudFormation export with CreateRunEvents=true).";
  const queue = await probe(`Run events queue (SQS ${RUN_EVENTS_NAME})`, fix, async () => {
    const url = (await sqs.send(new GetQueueUrlCommand({ QueueName: RUN_EVENTS_NAME }))).QueueUrl ?? "";
    const attributes = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["Policy", "QueueArn"] }))).Attributes ?? {};
    if (!sameJson(attributes.Policy, runEventsQueuePolicy(scope))) throw new Error("its policy does not let the rule ferry-run-events send to it");
    return `${url}, its policy lets the rule send`;
  });
  const rule = await probe(`Run events rule (EventBridge ${RUN_EVENTS_NAME})`, fix, async () => {
    const described = await eventBridge.send(new DescribeRuleCommand({ Name: RUN_EVENTS_NAME }));
    if (described.State !== "ENABLED") throw new Error(`the rule is ${described.State ?? "in an unknown state"}`);
    if (!sameJson(described.EventPattern, RUN_EVENTS_PATTERN)) throw new Error("its pattern does not match Step Functions' and SageMaker's status changes");
    const targets = (await eventBridge.send(new ListTargetsByRuleCommand({ Rule: RUN_EVENTS_NAME }))).Targets ?? [];
    if (!targets.some((t) => t.Arn === runEventsQueueArn(scope))) throw new Error("it does not send to the queue");
    return `${runEventsRuleArn(scope)} sends status changes to the queue`;
  });
  return [queue, rule];
}

async function probe(name: string, fix: string, call: () => Promise<string>): Promise<CheckItem> {
  try {
    return { name, ok: true, detail: await call() };
  } catch (error) {
    const missing = error instanceof QueueDoesNotExist || error instanceof ResourceNotFoundException;
    return { name, ok: false, detail: missing ? "does not exist" : plainWords(error), fix };
  }
}

function sameJson(text: string | undefined, expected: object): boolean {
  try {
    return text !== undefined && JSON.stringify(JSON.parse(text)) === JSON.stringify(expected);
  } catch {
    return false;
  }
}
