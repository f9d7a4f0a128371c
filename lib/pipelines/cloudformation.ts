import type { PolicyDocument } from "./iam";
import { STATE_MACHINE_SPACES } from "./names";
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

const ACCESS_ROLE_PARAMETERS = {
  FerryPrincipalArn: {
    Type: "String",
    Default: "",
    Description: "ARN of the principal Ferry runs as (its instance role, or a user), allowed to assume FerryAccessRole; empty: no access role (one stack per account creates it)",
  },
  FerryExternalId: {
    Type: "String",
    Default: "",
    AllowedPattern: "^$|^[\\w+=,.@:/-]{2,1224}$",
    Description: "The external ID FerryAccessRole requires (sts:ExternalId): the environment's, as set in Ferry",
  },
};

const WITH_ACCESS_ROLE = "WithFerryAccessRole";

/**
 * What Ferry itself does in the account, as the role it assumes there: deploy and run its own state machines
 * (`ferry-*`), read its bucket, the jobs' descriptions and logs, and the images' digests. Only Ferry's principal
 * may assume it, and only with the external ID, so another customer of the same Ferry cannot (confused deputy).
 */
function accessRole(): Cfn {
  const arn = (service: string, resource: string) => `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`;
  const machines = Object.values(STATE_MACHINE_SPACES).flatMap((space) => [arn("states", `stateMachine:${space}*`), arn("states", `execution:${space}*:*`)]);
  const policy: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DeployAndRunFerryStateMachines",
        Effect: "Allow",
        Action: [
          "states:CreateStateMachine", "states:UpdateStateMachine", "states:DescribeStateMachine", "states:PublishStateMachineVersion",
          "states:CreateStateMachineAlias", "states:UpdateStateMachineAlias", "states:DescribeStateMachineAlias", "states:TagResource",
          "states:ListTagsForResource", "states:StartExecution", "states:StopExecution", "states:RedriveExecution", "states:DescribeExecution",
          "states:GetExecutionHistory", "states:ListExecutions",
        ],
        Resource: machines,
      },
      { Sid: "CheckStepFunctions", Effect: "Allow", Action: ["states:ListStateMachines", "logs:DescribeLogGroups"], Resource: "*" },
      {
        Sid: "PassStateMachineRole",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: "${StateMachineRole.Arn}",
        Condition: { StringEquals: { "iam:PassedToService": "states.amazonaws.com" } },
      },
      { Sid: "DescribeProcessingJobs", Effect: "Allow", Action: ["sagemaker:DescribeProcessingJob"], Resource: arn("sagemaker", "processing-job/*") },
      { Sid: "ReadJobLogs", Effect: "Allow", Action: ["logs:DescribeLogStreams", "logs:GetLogEvents", "logs:FilterLogEvents"], Resource: arn("logs", "log-group:/aws/sagemaker/ProcessingJobs:*") },
      { Sid: "UseDataBucket", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:${AWS::Partition}:s3:::${DataBucket}/*" },
      { Sid: "ListDataBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: "arn:${AWS::Partition}:s3:::${DataBucket}" },
      { Sid: "VerifyImages", Effect: "Allow", Action: ["ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:BatchGetImage"], Resource: "${ImageRepositoryArns}" },
    ],
  };
  return {
    Type: "AWS::IAM::Role",
    Condition: WITH_ACCESS_ROLE,
    Properties: {
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: { Ref: "FerryPrincipalArn" } }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": { Ref: "FerryExternalId" } } } }],
      },
      // Ferry asks for one-hour sessions and renews them (lib/aws/credentials.ts).
      MaxSessionDuration: 3600,
      Policies: [{ PolicyName: "ferry-control-plane", PolicyDocument: substitute(policy) }],
    },
  };
}

/** The state machine, both roles, and (when Ferry's principal is given) the role Ferry assumes, for `aws cloudformation deploy`. */
export function cloudFormationTemplate(name: string, definition: object): Record<string, Cfn> {
  const policies = templatePolicies();
  const notEmpty = (parameter: string): Cfn => ({ "Fn::Not": [{ "Fn::Equals": [{ Ref: parameter }, ""] }] });
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `Ferry pipeline ${name}: state machine, its role, the SageMaker execution role its jobs run as, and the role Ferry assumes`,
    Parameters: {
      ...Object.fromEntries(
        Object.entries(POLICY_PARAMETERS).map(([key, description]) => [key, { Type: LIST_PARAMETERS.has(key) ? "CommaDelimitedList" : "String", Description: description }]),
      ),
      ...ACCESS_ROLE_PARAMETERS,
    },
    Conditions: { [WITH_ACCESS_ROLE]: notEmpty("FerryPrincipalArn") },
    Rules: {
      ExternalIdWithAccessRole: {
        RuleCondition: notEmpty("FerryPrincipalArn"),
        Assertions: [{ Assert: notEmpty("FerryExternalId"), AssertDescription: "FerryAccessRole requires an external ID: set FerryExternalId to the environment's." }],
      },
    },
    Resources: {
      SageMakerExecutionRole: role("sagemaker.amazonaws.com", "ferry-processing-job", policies.sagemakerExecutionRole),
      StateMachineRole: role("states.amazonaws.com", "ferry-state-machine", policies.stateMachineRole),
      FerryAccessRole: accessRole(),
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
      FerryAccessRoleArn: { Condition: WITH_ACCESS_ROLE, Value: { "Fn::GetAtt": ["FerryAccessRole", "Arn"] } },
    },
  };
}
