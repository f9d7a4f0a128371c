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

  it("offers the run status events' rule, queue, queue policy and Ferry's consumer policy, behind CreateRunEvents", () => {
    expect(resources.RunEventsRule?.Properties).toMatchObject({ Name: "ferry-run-events", EventPattern: { source: ["aws.states", "aws.sagemaker"] }, Targets: [{ Arn: { "Fn::GetAtt": ["RunEventsQueue", "Arn"] } }] });
    expect(JSON.stringify(resources.RunEventsQueuePolicy)).toContain('{"Fn::Sub":"arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/ferry-run-events"}');
    expect(JSON.stringify(resources.FerryRunEventsPolicy)).toContain("sqs:ReceiveMessage");
    for (const name of ["RunEventsQueue", "RunEventsQueuePolicy", "RunEventsRule", "FerryRunEventsPolicy"]) expect(resources[name]).toMatchObject({ Condition: "CreateRunEvents" });
    expect(template.Conditions).toEqual({ CreateRunEvents: { "Fn::Equals": [{ Ref: "CreateRunEvents" }, "true"] } });
  });
});
