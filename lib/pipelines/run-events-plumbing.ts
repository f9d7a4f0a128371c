import type { PolicyDocument, Scope } from "./iam";

/**
 * What carries run status events from AWS to Ferry, as pure data (the admin action, the embedded seed and the
 * CloudFormation export all build from here): one EventBridge rule on the default bus matching Step Functions'
 * and SageMaker's status changes, one standard SQS queue as its target, the queue policy AWS requires before
 * EventBridge may send to it, and the IAM Ferry's own process needs to set it up and consume it.
 */
export const RUN_EVENTS_NAME = "ferry-run-events";

export const RUN_EVENTS_PATTERN = {
  source: ["aws.states", "aws.sagemaker"],
  "detail-type": ["Step Functions Execution Status Change", "SageMaker Processing Job State Change"],
};

/**
 * 60 s visibility: a message whose sync has not committed by then is received again (at-least-once). One day
 * of retention: older events are long since superseded by the safety-net poll. 20 s waits: long polling.
 */
export const RUN_EVENTS_QUEUE_ATTRIBUTES = { VisibilityTimeout: "60", MessageRetentionPeriod: "86400", ReceiveMessageWaitTimeSeconds: "20" } as const;

const arn = (scope: Scope, service: string, resource: string) => `arn:${scope.partition ?? "aws"}:${service}:${scope.region}:${scope.accountId}:${resource}`;

export const runEventsQueueArn = (scope: Scope) => arn(scope, "sqs", RUN_EVENTS_NAME);
export const runEventsRuleArn = (scope: Scope) => arn(scope, "events", `rule/${RUN_EVENTS_NAME}`);

/** Only the rule may send to the queue, and only through EventBridge. */
export function runEventsQueuePolicy(scope: Scope) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "FerryRunEventsFromEventBridge",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: runEventsQueueArn(scope),
        Condition: { ArnEquals: { "aws:SourceArn": runEventsRuleArn(scope) } },
      },
    ],
  };
}

/** For Ferry's own credentials: set the plumbing up (the admin action) and consume the queue (the reconciler). */
export function runEventsConsumerPolicy(scope: Scope): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ConsumeRunEvents",
        Effect: "Allow",
        Action: ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
        Resource: runEventsQueueArn(scope),
      },
      {
        Sid: "SetUpRunEventsQueue",
        Effect: "Allow",
        Action: ["sqs:CreateQueue", "sqs:SetQueueAttributes"],
        Resource: runEventsQueueArn(scope),
      },
      {
        Sid: "SetUpRunEventsRule",
        Effect: "Allow",
        Action: ["events:DescribeRule", "events:ListTargetsByRule", "events:PutRule", "events:PutTargets"],
        Resource: runEventsRuleArn(scope),
      },
    ],
  };
}
