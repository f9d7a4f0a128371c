import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ecrRepositoryArn, imageRepositoryArns, sagemakerRolePolicy, stateMachineRolePolicy, type PolicyDocument } from "./iam";

const scope = { region: "eu-west-1", accountId: "123456789012" };
const sagemakerRoleArn = "arn:aws:iam::123456789012:role/ferry-sagemaker";

const actionsBySid = (policy: PolicyDocument) => Object.fromEntries(policy.Statement.map((s) => [s.Sid, s.Action]));

describe("state machine role policy", () => {
  const policy = stateMachineRolePolicy({ ...scope, sagemakerRoleArn });

  it("grants exactly what createProcessingJob.sync needs", () => {
    expect(actionsBySid(policy)).toEqual({
      RunProcessingJobs: ["sagemaker:AddTags", "sagemaker:CreateProcessingJob", "sagemaker:DescribeProcessingJob", "sagemaker:ListTags", "sagemaker:StopProcessingJob"],
      WaitForProcessingJobs: ["events:DescribeRule", "events:PutRule", "events:PutTargets"],
      PassSageMakerExecutionRole: ["iam:PassRole"],
    });
  });

  it("scopes each grant to its resource", () => {
    const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
    expect(bySid.RunProcessingJobs?.Resource).toBe("arn:aws:sagemaker:eu-west-1:123456789012:processing-job/*");
    expect(bySid.WaitForProcessingJobs?.Resource).toBe("arn:aws:events:eu-west-1:123456789012:rule/StepFunctionsGetEventsForSageMakerProcessingJobsRule");
    expect(bySid.PassSageMakerExecutionRole?.Resource).toBe(sagemakerRoleArn);
    expect(bySid.PassSageMakerExecutionRole?.Condition).toEqual({ StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } });
  });
});

describe("SageMaker execution role policy", () => {
  const policy = sagemakerRolePolicy({
    ...scope,
    readUris: ["s3://data-bucket/churn/input/", "s3://code-bucket/ferry/code/churn/3/"],
    writeUris: ["s3://data-bucket/ferry/runs/churn/"],
    repositoryArns: imageRepositoryArns(["683313688378.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn@sha256:abc"]),
  });
  const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));

  it("grants exactly reading inputs and code, writing outputs, pulling images and writing logs", () => {
    expect(actionsBySid(policy)).toEqual({
      ReadInputsAndCode: ["s3:GetObject"],
      ListInputPrefixes: ["s3:ListBucket"],
      WriteOutputs: ["s3:AbortMultipartUpload", "s3:PutObject"],
      WriteJobLogs: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
      PullImages: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      AuthenticateToEcr: ["ecr:GetAuthorizationToken"],
    });
  });

  it("writes only under the output prefix and reads only the named prefixes", () => {
    expect(bySid.WriteOutputs?.Resource).toEqual(["arn:aws:s3:::data-bucket/ferry/runs/churn/*"]);
    expect(bySid.ReadInputsAndCode?.Resource).toEqual([
      "arn:aws:s3:::code-bucket/ferry/code/churn/3/*",
      "arn:aws:s3:::data-bucket/churn/input/*",
      "arn:aws:s3:::data-bucket/ferry/runs/churn/*",
    ]);
    expect(bySid.PullImages?.Resource).toEqual([
      "arn:aws:ecr:eu-west-1:123456789012:repository/churn",
      "arn:aws:ecr:eu-west-1:683313688378:repository/sagemaker-scikit-learn",
    ]);
  });

  it("leaves ECR out when no image is in ECR", () => {
    const local = sagemakerRolePolicy({ ...scope, readUris: [], writeUris: ["s3://b/o/"], repositoryArns: imageRepositoryArns(["python:3.11"]) });
    expect(local.Statement.map((s) => s.Sid)).not.toContain("PullImages");
  });
});

describe("ecrRepositoryArn", () => {
  it.each([
    ["123456789012.dkr.ecr.us-east-1.amazonaws.com/legacycode:1.0", "arn:aws:ecr:us-east-1:123456789012:repository/legacycode"],
    ["123456789012.dkr.ecr.us-east-1.amazonaws.com/team/model@sha256:ff", "arn:aws:ecr:us-east-1:123456789012:repository/team/model"],
    ["docker.io/library/python:3.11", null],
  ])("%s → %s", (uri, arn) => {
    expect(ecrRepositoryArn(uri)).toBe(arn);
  });
});

// The public sample's policy (../shared, outside this repo) lacks what .sync needs; Ferry's covers it and more.
const samplePolicy = path.resolve(__dirname, "../../../shared/reference/aws-sample/stepfunctions_permission_policy.json");
describe.skipIf(!existsSync(samplePolicy))("against the AWS sample's policy (skipped where ../shared is absent)", () => {
  it("includes every action the sample grants, plus the ones it misses", () => {
    const sample = JSON.parse(readFileSync(samplePolicy, "utf8")) as { Statement: { Action: string[] }[] };
    const ours = stateMachineRolePolicy({ ...scope, sagemakerRoleArn }).Statement.flatMap((s) => s.Action.map((a) => a.toLowerCase()));
    for (const action of sample.Statement.flatMap((s) => s.Action)) expect(ours).toContain(action.toLowerCase());
    expect(ours).toEqual(expect.arrayContaining(["sagemaker:describeprocessingjob", "sagemaker:stopprocessingjob", "events:putrule"]));
  });
});
