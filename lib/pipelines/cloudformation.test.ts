import { describe, expect, it } from "vitest";
import { toStateMachineDefinition } from "./asl";
import { parse } from "yaml";
import { IMAGE_BUILD_PROJECT, IMAGE_BUILD_ROLE, IMAGE_BUILDSPEC } from "@/lib/pipelines/build-project";
import { cloudFormationTemplate } from "./cloudformation";
import { ARTICLE_PIPELINE } from "./fixtures/article-pipeline";
import { aslProblems } from "./validate";

describe("cloudFormationTemplate", () => {
  const template = cloudFormationTemplate("article", toStateMachineDefinition(ARTICLE_PIPELINE, "article"));
  const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;

  it("embeds a definition that validates", () => {
    expect(aslProblems(resources.StateMachine?.Properties.Definition)).toEqual([]);
  });

  it("wires the state machine to its role and passes only the SageMaker role", () => {
    expect(resources.StateMachine?.Properties.RoleArn).toEqual({ "Fn::GetAtt": ["StateMachineRole", "Arn"] });
    const json = JSON.stringify(resources.StateMachineRole);
    expect(json).toContain('{"Fn::Sub":"${SageMakerExecutionRole.Arn}"}');
    expect(json).toContain("states.amazonaws.com");
  });

  it("turns placeholders into Fn::Sub and the image list into a Ref", () => {
    const json = JSON.stringify(resources.SageMakerExecutionRole);
    expect(json).toContain('{"Fn::Sub":"arn:${AWS::Partition}:s3:::${DataBucket}/${OutputPrefix}*"}');
    expect(json).toContain('"Resource":{"Ref":"ImageRepositoryArns"}');
    expect(json).not.toMatch(/"\$\{(?!AWS::|DataBucket|InputPrefix|CodePrefix|OutputPrefix|SageMakerExecutionRole)/);
  });

  it("offers the run status events' rule, queue, queue policy and Ferry's consumer policy, behind CreateRunEvents", () => {
    expect(resources.RunEventsRule?.Properties).toMatchObject({ Name: "ferry-run-events", EventPattern: { source: ["aws.states", "aws.sagemaker"] }, Targets: [{ Arn: { "Fn::GetAtt": ["RunEventsQueue", "Arn"] } }] });
    expect(JSON.stringify(resources.RunEventsQueuePolicy)).toContain('{"Fn::Sub":"arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/ferry-run-events"}');
    expect(JSON.stringify(resources.FerryRunEventsPolicy)).toContain("sqs:ReceiveMessage");
    for (const name of ["RunEventsQueue", "RunEventsQueuePolicy", "RunEventsRule", "FerryRunEventsPolicy"]) expect(resources[name]).toMatchObject({ Condition: "CreateRunEvents" });
    expect(template.Conditions).toMatchObject({ CreateRunEvents: { "Fn::Equals": [{ Ref: "CreateRunEvents" }, "true"] } });
    // Ferry consumes the queue as the role it assumes there, when the stack makes one.
    expect((resources.FerryRunEventsPolicy as unknown as { Properties: { Roles: unknown } }).Properties.Roles).toEqual({ "Fn::If": ["WithFerryAccessRole", [{ Ref: "FerryAccessRole" }], { Ref: "AWS::NoValue" }] });
  });

  it("has the role Ferry assumes: trusted by Ferry's principal only with the external ID, created when the principal is given", () => {
    const access = resources.FerryAccessRole as unknown as { Type: string; Condition: string; Properties: { AssumeRolePolicyDocument: unknown; Policies: { PolicyDocument: unknown }[] } };
    expect(access.Type).toBe("AWS::IAM::Role");
    expect(access.Condition).toBe("WithFerryAccessRole");
    expect(access.Properties.AssumeRolePolicyDocument).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: { Ref: "FerryPrincipalArn" } }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": { Ref: "FerryExternalId" } } } }],
    });
    expect(template.Conditions).toMatchObject({ WithFerryAccessRole: { "Fn::Not": [{ "Fn::Equals": [{ Ref: "FerryPrincipalArn" }, ""] }] } });
    expect(JSON.stringify(template.Rules)).toContain('"Ref":"FerryExternalId"');
    expect(template.Outputs).toMatchObject({ FerryAccessRoleArn: { Condition: "WithFerryAccessRole" } });
  });

  it("lets the access role act on Ferry's own state machines, pass only the state machine role, and read job logs", () => {
    const policy = JSON.stringify((resources.FerryAccessRole as unknown as { Properties: { Policies: { PolicyDocument: unknown }[] } }).Properties.Policies[0]?.PolicyDocument);
    for (const space of ["ferry-pl-", "ferry-dp-", "ferry-pr-"]) expect(policy).toContain(`stateMachine:${space}*`);
    expect(policy).toContain('{"Fn::Sub":"${StateMachineRole.Arn}"}');
    expect(policy).toContain("log-group:/aws/sagemaker/ProcessingJobs:*");
    expect(policy).toContain('"Resource":{"Ref":"ImageRepositoryArns"}');
    // Wildcard resources only for the two list calls IAM cannot scope.
    const statements = JSON.parse(policy).Statement as { Action: string[]; Resource: unknown }[];
    expect(statements.filter((s) => s.Resource === "*").flatMap((s) => s.Action)).toEqual(["states:ListStateMachines", "logs:DescribeLogGroups"]);
  });

  it("creates the image-build project when asked: Ferry's buildspec verbatim, S3 contexts, privileged Docker, a role that pushes to ECR", () => {
    const project = resources.ImageBuildProject as unknown as { Type: string; Condition: string; Properties: Record<string, unknown> };
    expect(project.Type).toBe("AWS::CodeBuild::Project");
    expect(project.Condition).toBe("WithImageBuildProject");
    expect(template.Conditions).toMatchObject({ WithImageBuildProject: { "Fn::Equals": [{ Ref: "CreateImageBuildProject" }, "true"] } });
    expect(project.Properties).toMatchObject({
      Name: IMAGE_BUILD_PROJECT,
      ServiceRole: { "Fn::GetAtt": ["ImageBuildRole", "Arn"] },
      Source: { Type: "S3", Location: { "Fn::Sub": "${DataBucket}/ferry/build-contexts/" }, BuildSpec: IMAGE_BUILDSPEC },
      Environment: { Type: "LINUX_CONTAINER", PrivilegedMode: true },
      Artifacts: { Type: "NO_ARTIFACTS" },
    });
    const role = JSON.stringify(resources.ImageBuildRole);
    expect(role).toContain("codebuild.amazonaws.com");
    expect(role).toContain(`"RoleName":"${IMAGE_BUILD_ROLE}"`);
    for (const action of ["ecr:PutImage", "ecr:CreateRepository", "s3:GetObject", "logs:PutLogEvents"]) expect(role).toContain(action);
    // The access role may run that project and pass only its role, to CodeBuild only.
    const access = JSON.stringify(resources.FerryAccessRole);
    expect(access).toContain(`project/${IMAGE_BUILD_PROJECT}`);
    expect(access).toContain('"iam:PassedToService":"codebuild.amazonaws.com"');
    expect(access).toContain(`role/${IMAGE_BUILD_ROLE}`);
  });

  it("the buildspec follows AWS's Docker sample: IMAGE_REPO_NAME and IMAGE_TAG, the repository created if missing, the pushed digest exported", () => {
    const buildspec = parse(IMAGE_BUILDSPEC) as { version: number; env: Record<string, string[]>; phases: Record<string, { commands: string[] }> };
    expect(buildspec.version).toBe(0.2);
    expect(buildspec.env["exported-variables"]).toEqual(["IMAGE_DIGEST"]);
    const commands = Object.values(buildspec.phases).flatMap((p) => p.commands).join("\n");
    expect(commands).toContain('docker build -t "$REPOSITORY_URI:$IMAGE_TAG" .');
    expect(commands).toContain('docker push "$REPOSITORY_URI:$IMAGE_TAG"');
    expect(commands).toContain('aws ecr create-repository --repository-name "$IMAGE_REPO_NAME"');
  });
});
