import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { AwsError } from "../errors";
import type { JsonService } from "../http/json-protocol";
import { readJson, writeJsonAtomic } from "../store/json-file";
import { SerialWriter } from "../store/serial-writer";
import { matches, parsePattern } from "./pattern";
import { allowsEventBridge } from "./queue-policy";
import type { BusEvent, StatusEvents } from "./status-events";

interface Target {
  Id: string;
  Arn: string;
  InputPath?: string;
}

interface RuleRecord {
  Name: string;
  Arn: string;
  EventPattern: string;
  State: "ENABLED" | "DISABLED";
  Description?: string;
  targets: Target[];
}

/** Where matched events go: the engine's SQS (false when the queue is missing or its policy refuses). */
export type SqsDelivery = (queueArn: string, body: string, allowed: (policy: string | undefined, queueArn: string) => boolean) => Promise<boolean>;

const BUS = "default";
const MAX_TARGETS = 5;
const name = z.string().regex(/^[.\-_A-Za-z0-9]{1,64}$/, "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
const bus = z.string().max(1600).optional();
const PutRuleRequest = z.object({
  Name: name,
  EventPattern: z.string().max(4096).optional(),
  ScheduleExpression: z.string().optional(),
  State: z.enum(["ENABLED", "DISABLED"]).default("ENABLED"),
  Description: z.string().max(512).optional(),
  EventBusName: bus,
});
const RuleRequest = z.object({ Name: name, EventBusName: bus });
const ListRulesRequest = z.object({ NamePrefix: z.string().max(64).optional(), EventBusName: bus, NextToken: z.string().max(2048).optional(), Limit: z.number().int().min(1).max(100).optional() });
const TargetSchema = z.object({ Id: z.string().regex(/^[.\-_A-Za-z0-9]{1,64}$/), Arn: z.string().min(1).max(1600), InputPath: z.string().max(256).optional(), Input: z.string().optional(), InputTransformer: z.unknown().optional() });
const PutTargetsRequest = z.object({ Rule: name, EventBusName: bus, Targets: z.array(TargetSchema).min(1).max(10) });
const TargetsRequest = z.object({ Rule: name, EventBusName: bus, NextToken: z.string().optional(), Limit: z.number().int().min(1).max(100).optional() });
const RemoveTargetsRequest = z.object({ Rule: name, EventBusName: bus, Ids: z.array(z.string().max(64)).min(1).max(100), Force: z.boolean().optional() });
const PutEventsRequest = z.object({
  Entries: z.array(z.object({ Source: z.string().max(256).optional(), DetailType: z.string().max(128).optional(), Detail: z.string().optional(), Resources: z.array(z.string().max(2048)).optional(), Time: z.union([z.number(), z.string()]).optional(), EventBusName: bus })).min(1).max(10),
});

/**
 * EventBridge on the default bus, awsJson1_1 (`X-Amz-Target: AWSEvents.<Op>`): rules with event patterns,
 * SQS targets, and delivery of every event the engine's services emit (and PutEvents) to the targets of the
 * enabled rules it matches. Delivery is at-least-once and best-effort, as in AWS: an event whose queue is
 * missing or refuses it by policy is dropped. One JSON file per rule, written atomically.
 */
export class EventBridgeService implements JsonService, StatusEvents {
  private readonly rules = new Map<string, RuleRecord>();
  private readonly writes = new SerialWriter();
  private readonly deliveries = new Set<Promise<unknown>>();

  constructor(
    private readonly root: string,
    private readonly partition: { region: string; accountId: string },
    private readonly deliver: SqsDelivery,
  ) {}

  async load(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    for (const file of await readdir(this.root)) {
      if (!file.endsWith(".json")) continue;
      const rule = await readJson<RuleRecord>(path.join(this.root, file));
      if (rule) this.rules.set(rule.Name, rule);
    }
  }

  /** Waits for deliveries under way and rule writes. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.deliveries]);
    await this.writes.drain();
  }

  emit(event: BusEvent): void {
    const delivery = this.publish(event).catch((error: unknown) => console.error("[engine] event delivery failed", error));
    this.deliveries.add(delivery);
    void delivery.finally(() => this.deliveries.delete(delivery));
  }

  async handle(operation: string, body: unknown): Promise<unknown> {
    switch (operation) {
      case "PutRule":
        return this.putRule(parse(PutRuleRequest, body));
      case "DescribeRule": {
        const request = parse(RuleRequest, body);
        const rule = this.rule(request.Name, request.EventBusName);
        return { ...ruleView(rule), CreatedBy: this.partition.accountId };
      }
      case "ListRules":
        return this.listRules(parse(ListRulesRequest, body));
      case "DeleteRule":
        return this.deleteRule(parse(RuleRequest, body));
      case "PutTargets":
        return this.putTargets(parse(PutTargetsRequest, body));
      case "ListTargetsByRule": {
        const request = parse(TargetsRequest, body);
        return { Targets: this.rule(request.Rule, request.EventBusName).targets };
      }
      case "RemoveTargets":
        return this.removeTargets(parse(RemoveTargetsRequest, body));
      case "PutEvents":
        return this.putEvents(parse(PutEventsRequest, body));
      default:
        throw new AwsError("UnknownOperationException", `Operation ${operation.slice(0, 80)} is not supported by the embedded engine`);
    }
  }

  private async putRule(request: z.infer<typeof PutRuleRequest>): Promise<unknown> {
    checkBus(request.EventBusName);
    if (request.ScheduleExpression !== undefined) throw new AwsError("ValidationException", "Scheduled rules are not supported by the embedded engine.");
    if (request.EventPattern === undefined) throw new AwsError("ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified.");
    parsePattern(request.EventPattern);
    const existing = this.rules.get(request.Name);
    const rule: RuleRecord = {
      Name: request.Name,
      Arn: `arn:aws:events:${this.partition.region}:${this.partition.accountId}:rule/${request.Name}`,
      EventPattern: request.EventPattern,
      State: request.State,
      ...(request.Description !== undefined ? { Description: request.Description } : {}),
      targets: existing?.targets ?? [],
    };
    await this.save(rule);
    return { RuleArn: rule.Arn };
  }

  private listRules(request: z.infer<typeof ListRulesRequest>): unknown {
    checkBus(request.EventBusName);
    const all = [...this.rules.values()].filter((r) => !request.NamePrefix || r.Name.startsWith(request.NamePrefix)).sort((a, b) => a.Name.localeCompare(b.Name));
    const from = request.NextToken ? Number(Buffer.from(request.NextToken, "base64url").toString()) || 0 : 0;
    const size = request.Limit ?? 100;
    const page = all.slice(from, from + size);
    return { Rules: page.map(ruleView), ...(from + size < all.length ? { NextToken: Buffer.from(String(from + size)).toString("base64url") } : {}) };
  }

  private async deleteRule(request: z.infer<typeof RuleRequest>): Promise<unknown> {
    checkBus(request.EventBusName);
    const rule = this.rules.get(request.Name);
    if (!rule) return {};
    if (rule.targets.length > 0) throw new AwsError("ValidationException", "Rule can't be deleted since it has targets.");
    this.rules.delete(rule.Name);
    const file = this.file(rule.Name);
    await this.writes.run(file, () => rm(file, { force: true }));
    return {};
  }

  private async putTargets(request: z.infer<typeof PutTargetsRequest>): Promise<unknown> {
    const rule = this.rule(request.Rule, request.EventBusName);
    const failed: { TargetId: string; ErrorCode: string; ErrorMessage: string }[] = [];
    const targets = [...rule.targets];
    for (const target of request.Targets) {
      const refusal = targetRefusal(target);
      if (refusal) {
        failed.push({ TargetId: target.Id, ErrorCode: "ValidationException", ErrorMessage: refusal });
        continue;
      }
      const kept: Target = { Id: target.Id, Arn: target.Arn, ...(target.InputPath ? { InputPath: target.InputPath } : {}) };
      const at = targets.findIndex((t) => t.Id === target.Id);
      if (at >= 0) targets[at] = kept;
      else targets.push(kept);
    }
    if (targets.length > MAX_TARGETS) throw new AwsError("LimitExceededException", `The requested resource exceeds the maximum number allowed (${MAX_TARGETS} targets per rule).`);
    await this.save({ ...rule, targets });
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  }

  private async removeTargets(request: z.infer<typeof RemoveTargetsRequest>): Promise<unknown> {
    const rule = this.rule(request.Rule, request.EventBusName);
    const missing = request.Ids.filter((id) => !rule.targets.some((t) => t.Id === id));
    await this.save({ ...rule, targets: rule.targets.filter((t) => !request.Ids.includes(t.Id)) });
    const failed = missing.map((id) => ({ TargetId: id, ErrorCode: "ResourceNotFoundException", ErrorMessage: `Target ${id} does not exist on rule ${rule.Name}.` }));
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  }

  /** Only custom sources: AWS refuses `aws.*` sources from callers (NotAuthorizedForSourceException). */
  private async putEvents(request: z.infer<typeof PutEventsRequest>): Promise<unknown> {
    const entries = await Promise.all(
      request.Entries.map(async (entry) => {
        const refusal = entryRefusal(entry);
        if (refusal) return refusal;
        const id = randomUUID();
        const time = entry.Time === undefined ? new Date() : new Date(typeof entry.Time === "number" ? entry.Time * 1000 : entry.Time);
        await this.publish({ source: entry.Source ?? "", detailType: entry.DetailType ?? "", detail: JSON.parse(entry.Detail ?? "{}") as Record<string, unknown>, resources: entry.Resources ?? [], time }, id);
        return { EventId: id };
      }),
    );
    return { FailedEntryCount: entries.filter((e) => "ErrorCode" in e).length, Entries: entries };
  }

  private async publish(event: BusEvent, id: string = randomUUID()): Promise<void> {
    const envelope = {
      version: "0",
      id,
      "detail-type": event.detailType,
      source: event.source,
      account: this.partition.accountId,
      time: (event.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z"),
      region: this.partition.region,
      resources: event.resources,
      detail: event.detail,
    };
    const sends: Promise<boolean>[] = [];
    for (const rule of this.rules.values()) {
      if (rule.State !== "ENABLED" || !matches(parsePattern(rule.EventPattern), envelope)) continue;
      for (const target of rule.targets) {
        const body = JSON.stringify(target.InputPath ? select(envelope, target.InputPath) : envelope);
        sends.push(this.deliver(target.Arn, body, (policy, queueArn) => allowsEventBridge(policy, queueArn, rule.Arn)));
      }
    }
    await Promise.all(sends);
  }

  private rule(ruleName: string, busName: string | undefined): RuleRecord {
    checkBus(busName);
    const rule = this.rules.get(ruleName);
    if (!rule) throw new AwsError("ResourceNotFoundException", `Rule ${ruleName} does not exist on EventBus ${BUS}.`);
    return rule;
  }

  private save(rule: RuleRecord): Promise<void> {
    this.rules.set(rule.Name, rule);
    const file = this.file(rule.Name);
    const snapshot = structuredClone(rule);
    return this.writes.run(file, () => writeJsonAtomic(file, snapshot));
  }

  private file(ruleName: string): string {
    return path.join(this.root, `${createHash("sha256").update(ruleName).digest("hex")}.json`);
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AwsError("ValidationException", `1 validation error detected: Value at '${issue?.path.join(".") ?? ""}' failed to satisfy constraint: ${issue?.message ?? "invalid"}`);
}

function checkBus(busName: string | undefined): void {
  const named = busName?.split("/").pop();
  if (busName !== undefined && named !== BUS) throw new AwsError("ResourceNotFoundException", `Event bus ${busName.slice(0, 256)} does not exist.`);
}

function ruleView(rule: RuleRecord): Record<string, unknown> {
  return { Name: rule.Name, Arn: rule.Arn, EventPattern: rule.EventPattern, State: rule.State, ...(rule.Description !== undefined ? { Description: rule.Description } : {}), EventBusName: BUS };
}

function targetRefusal(target: z.infer<typeof TargetSchema>): string | null {
  if (!/^arn:aws:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}$/.test(target.Arn)) return "The embedded engine delivers events to SQS queues only.";
  if (target.Input !== undefined || target.InputTransformer !== undefined) return "Input and InputTransformer are not supported by the embedded engine (InputPath is).";
  if (target.InputPath !== undefined && !/^\$(\.[A-Za-z0-9_-]+)*$/.test(target.InputPath)) return "InputPath must be a dotted JSONPath such as $.detail.";
  return null;
}

function entryRefusal(entry: z.infer<typeof PutEventsRequest>["Entries"][number]): { ErrorCode: string; ErrorMessage: string } | null {
  if (!entry.Source || !entry.DetailType || entry.Detail === undefined) return { ErrorCode: "InvalidArgument", ErrorMessage: "Parameters Source, DetailType and Detail are required." };
  if (entry.Source.startsWith("aws.")) return { ErrorCode: "NotAuthorizedForSourceException", ErrorMessage: "Not authorized for the source." };
  try {
    const detail: unknown = JSON.parse(entry.Detail);
    if (typeof detail !== "object" || detail === null || Array.isArray(detail)) throw new Error("not an object");
  } catch {
    return { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." };
  }
  try {
    checkBus(entry.EventBusName);
  } catch (error) {
    return { ErrorCode: "ResourceNotFoundException", ErrorMessage: (error as Error).message };
  }
  return null;
}

function select(value: unknown, inputPath: string): unknown {
  return inputPath
    .split(".")
    .slice(1)
    .reduce<unknown>((at, key) => (typeof at === "object" && at !== null ? (at as Record<string, unknown>)[key] : undefined), value);
}
