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

/** The state machine and both roles, ready for `aws cloudformation deploy`. */
export function cloudFormationTemplate(name: string, definition: object): Record<string, Cfn> {
  const policies = templatePolicies();
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `Ferry pipeline ${name}: state machine, its role, and the SageMaker execution role its jobs run as`,
    Parameters: Object.fromEntries(
      Object.entries(POLICY_PARAMETERS).map(([key, description]) => [key, { Type: LIST_PARAMETERS.has(key) ? "CommaDelimitedList" : "String", Description: description }]),
    ),
    Resources: {
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
    },
  };
}
