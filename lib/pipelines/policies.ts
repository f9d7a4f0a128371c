import { sagemakerRolePolicy, stateMachineRolePolicy, type PolicyDocument } from "./iam";

/**
 * A pipeline version's policies before any model or account is bound: `${Name}` placeholders that
 * CloudFormation's Fn::Sub (or the deployment, with the model's real values) fills in.
 */
export const POLICY_PARAMETERS = {
  DataBucket: "Bucket holding the model's input data and Ferry's outputs",
  InputPrefix: "Key prefix of the model's input data, ending with /",
  CodePrefix: "Key prefix of the model's scripts, ending with /",
  OutputPrefix: "Key prefix Ferry writes run outputs under, ending with /",
  ImageRepositoryArns: "ECR repository ARNs of the images the steps run (comma separated)",
} as const;

const template = { region: "${AWS::Region}", accountId: "${AWS::AccountId}", partition: "${AWS::Partition}" };

export type PipelinePolicies = { stateMachineRole: PolicyDocument; sagemakerExecutionRole: PolicyDocument };

export function templatePolicies(): PipelinePolicies {
  return {
    stateMachineRole: stateMachineRolePolicy({ ...template, sagemakerRoleArn: "${SageMakerExecutionRole.Arn}" }),
    sagemakerExecutionRole: sagemakerRolePolicy({
      ...template,
      readUris: ["s3://${DataBucket}/${InputPrefix}", "s3://${DataBucket}/${CodePrefix}"],
      writeUris: ["s3://${DataBucket}/${OutputPrefix}"],
      repositoryArns: ["${ImageRepositoryArns}"],
    }),
  };
}
