import { describe, expect, it } from "vitest";
import { toStateMachineDefinition } from "./asl";
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

  it("has the role Ferry assumes: trusted by Ferry's principal only with the external ID, created when the principal is given", () => {
    const access = resources.FerryAccessRole as unknown as { Type: string; Condition: string; Properties: { AssumeRolePolicyDocument: unknown; Policies: { PolicyDocument: unknown }[] } };
    expect(access.Type).toBe("AWS::IAM::Role");
    expect(access.Condition).toBe("WithFerryAccessRole");
    expect(access.Properties.AssumeRolePolicyDocument).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: { Ref: "FerryPrincipalArn" } }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": { Ref: "FerryExternalId" } } } }],
    });
    expect(template.Conditions).toEqual({ WithFerryAccessRole: { "Fn::Not": [{ "Fn::Equals": [{ Ref: "FerryPrincipalArn" }, ""] }] } });
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
});
