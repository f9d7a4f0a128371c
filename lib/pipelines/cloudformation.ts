import { RUN_EVENTS_NAME, RUN_EVENTS_PATTERN, RUN_EVENTS_QUEUE_ATTRIBUTES, runEventsConsumerPolicy, runEventsQueuePolicy } from "@/lib/environments/events-plumbing";
import type { PolicyDocument } from "./iam";
import { POLICY_PARAMETERS, templatePolicies } from "./policies";

type Cfn = string | number | boolean | null | Cfn[] | { [key: string]: Cfn };

const LIST_PARAMETERS = new Set(["ImageRepositoryArns"]);

/** Placeholders become Fn::Sub; a list parameter standing alone becomes its Ref (IAM accepts a list there). */
function substitute(value: unknown): Cfn {
  if (typeof value === "string") {
    const whole = /^\$\{(\w+)\}$/.exec(value);
    if (whole?.[1] && LIST_PARAMETERS.has(whole[1])) return { Ref: whole[1] };
    return value.includes("${") ? { "Fn::Sub": value } : value;
  }
  if (Array.isArray(value)) {
    const items = value.map(substitute);
    const only = items.length === 1 ? items[0] : undefined;
    return only && typeof only === "object" && !Array.isArray(only) && "Ref" in only ? only : items;
  }
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
  return value as Cfn;
}

function role(service: string, policyName: string, policy: PolicyDocument): Cfn {
  return {
    Type: "AWS::IAM::Role",
    Properties: {
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
      },
      Policies: [{ PolicyName: policyName, PolicyDocument: substitute(policy) }],
    },
  };
}

const templateScope = { region: "${AWS::Region}", accountId: "${AWS::AccountId}", partition: "${AWS::Partition}" };

/**
 * The run status events' plumbing (lib/environments/events-plumbing.ts): one per account and region, so only
 * the stack deployed with CreateRunEvents=true makes it; every pipeline's stack offers it.
 */
function runEventsResources(): Record<string, Cfn> {
  const when = { Condition: "CreateRunEvents" };
  return {
    RunEventsQueue: {
      Type: "AWS::SQS::Queue",
      ...when,
      Properties: {
        QueueName: RUN_EVENTS_NAME,
        VisibilityTimeout: Number(RUN_EVENTS_QUEUE_ATTRIBUTES.VisibilityTimeout),
        MessageRetentionPeriod: Number(RUN_EVENTS_QUEUE_ATTRIBUTES.MessageRetentionPeriod),
        ReceiveMessageWaitTimeSeconds: Number(RUN_EVENTS_QUEUE_ATTRIBUTES.ReceiveMessageWaitTimeSeconds),
      },
    },
    RunEventsQueuePolicy: {
      Type: "AWS::SQS::QueuePolicy",
      ...when,
      Properties: { Queues: [{ Ref: "RunEventsQueue" }], PolicyDocument: substitute(runEventsQueuePolicy(templateScope)) },
    },
    RunEventsRule: {
      Type: "AWS::Events::Rule",
      ...when,
      Properties: { Name: RUN_EVENTS_NAME, State: "ENABLED", EventPattern: RUN_EVENTS_PATTERN, Targets: [{ Id: RUN_EVENTS_NAME, Arn: { "Fn::GetAtt": ["RunEventsQueue", "Arn"] } }] },
    },
    FerryRunEventsPolicy: {
      Type: "AWS::IAM::ManagedPolicy",
      ...when,
      Properties: { Description: "Attach to the identity Ferry runs as: sets up and consumes the run status events queue", PolicyDocument: substitute(runEventsConsumerPolicy(templateScope)) },
    },
  };
}

/** The state machine and both roles, ready for `aws cloudformation deploy`; with CreateRunEvents, the status events' rule and queue. */
export function cloudFormationTemplate(name: string, definition: object): Record<string, Cfn> {
  const policies = templatePolicies();
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `Ferry pipeline ${name}: state machine, its role, and the SageMaker execution role its jobs run as`,
    Parameters: {
      ...Object.fromEntries(
        Object.entries(POLICY_PARAMETERS).map(([key, description]) => [key, { Type: LIST_PARAMETERS.has(key) ? "CommaDelimitedList" : "String", Description: description }]),
      ),
      CreateRunEvents: { Type: "String", AllowedValues: ["true", "false"], Default: "true", Description: "Create the run status events' rule and queue (once per account and region: false for every further pipeline)" },
    },
    Conditions: { CreateRunEvents: { "Fn::Equals": [{ Ref: "CreateRunEvents" }, "true"] } },
    Resources: {
      ...runEventsResources(),
      SageMakerExecutionRole: role("sagemaker.amazonaws.com", "ferry-processing-job", policies.sagemakerExecutionRole),
      StateMachineRole: role("states.amazonaws.com", "ferry-state-machine", policies.stateMachineRole),
      StateMachine: {
        Type: "AWS::StepFunctions::StateMachine",
        Properties: {
          StateMachineName: name,
          Definition: definition as Cfn,
          RoleArn: { "Fn::GetAtt": ["StateMachineRole", "Arn"] },
        },
      },
    },
    Outputs: {
      StateMachineArn: { Value: { Ref: "StateMachine" } },
      SageMakerExecutionRoleArn: { Value: { "Fn::GetAtt": ["SageMakerExecutionRole", "Arn"] } },
      RunEventsQueueUrl: { Condition: "CreateRunEvents", Value: { Ref: "RunEventsQueue" } },
    },
  };
}
