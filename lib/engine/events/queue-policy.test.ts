import { describe, expect, it } from "vitest";
import { allowsEventBridge } from "./queue-policy";

const QUEUE = "arn:aws:sqs:us-east-1:000000000000:q";
const RULE = "arn:aws:events:us-east-1:000000000000:rule/r";
const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: QUEUE };

describe("allowsEventBridge", () => {
  it("lets the rule send when a statement allows EventBridge, for this rule or any", () => {
    expect(allowsEventBridge(policy(allow), QUEUE, RULE)).toBe(true);
    expect(allowsEventBridge(policy({ ...allow, Condition: { ArnEquals: { "aws:SourceArn": RULE } } }), QUEUE, RULE)).toBe(true);
    expect(allowsEventBridge(policy({ ...allow, Action: ["sqs:*"], Resource: "*", Condition: { ArnLike: { "aws:SourceArn": "arn:aws:events:*:000000000000:rule/*" } } }), QUEUE, RULE)).toBe(true);
  });

  it("refuses without a policy, for another rule, queue, principal or action, and when a Deny matches", () => {
    expect(allowsEventBridge(undefined, QUEUE, RULE)).toBe(false);
    expect(allowsEventBridge("not json", QUEUE, RULE)).toBe(false);
    expect(allowsEventBridge(policy({ ...allow, Condition: { ArnEquals: { "aws:SourceArn": `${RULE}-other` } } }), QUEUE, RULE)).toBe(false);
    expect(allowsEventBridge(policy({ ...allow, Resource: `${QUEUE}-other` }), QUEUE, RULE)).toBe(false);
    expect(allowsEventBridge(policy({ ...allow, Principal: { Service: "sns.amazonaws.com" } }), QUEUE, RULE)).toBe(false);
    expect(allowsEventBridge(policy({ ...allow, Action: "sqs:ReceiveMessage" }), QUEUE, RULE)).toBe(false);
    expect(allowsEventBridge(policy(allow, { ...allow, Effect: "Deny" }), QUEUE, RULE)).toBe(false);
  });

  it("fails closed on condition keys it does not evaluate", () => {
    expect(allowsEventBridge(policy({ ...allow, Condition: { StringEquals: { "aws:SourceAccount": "000000000000" } } }), QUEUE, RULE)).toBe(false);
  });
});
