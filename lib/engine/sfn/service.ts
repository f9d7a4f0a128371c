import type { ProcessingJobs } from "../contracts";
import { AwsError } from "../errors";
import type { StatusEvents } from "../events/status-events";
import type { JsonService } from "../http/json-protocol";
import type { Partition } from "./arn";
import { ExecutionOps } from "./execution-ops";
import { SfnRepository } from "./repository";
import { AliasOps } from "./alias-ops";
import { asBody, type Body, requiredString } from "./request";
import { StateMachineOps, tagsOf } from "./state-machine-ops";
import { resolveTarget } from "./targets";

/** Step Functions over awsJson1_0 (`X-Amz-Target: AWSStepFunctions.<Operation>`). */
export class StepFunctionsService implements JsonService {
  private readonly repository: SfnRepository;
  private readonly machines: StateMachineOps;
  private readonly aliases: AliasOps;
  private readonly executions: ExecutionOps;

  constructor(root: string, jobs: ProcessingJobs, partition: Partition, events?: StatusEvents) {
    this.repository = new SfnRepository(root);
    this.machines = new StateMachineOps(this.repository, partition);
    this.aliases = new AliasOps(this.repository, (arn) => this.machines.get(arn));
    this.executions = new ExecutionOps(this.repository, (arn) => resolveTarget(this.repository, arn), jobs, partition, events);
  }

  /** Loads state and fails executions a previous engine left running. */
  async start(): Promise<void> {
    await this.repository.load();
    await this.executions.failInterrupted();
  }

  async close(): Promise<void> {
    await this.executions.halt();
    await this.repository.flush();
  }

  async handle(operation: string, raw: unknown): Promise<unknown> {
    const body = asBody(raw);
    switch (operation) {
      case "CreateStateMachine":
        return this.machines.create(body);
      case "UpdateStateMachine":
        return this.machines.update(body);
      case "DescribeStateMachine":
        return this.machines.describe(body);
      case "ListStateMachines":
        return this.machines.list(body);
      case "DeleteStateMachine":
        return this.machines.delete(body);
      case "ValidateStateMachineDefinition":
        return this.machines.validate(body);
      case "PublishStateMachineVersion":
        return this.machines.versions.publish(body);
      case "ListStateMachineVersions":
        return this.machines.versions.list(body);
      case "DeleteStateMachineVersion":
        return this.machines.versions.delete(body);
      case "CreateStateMachineAlias":
        return this.aliases.create(body);
      case "UpdateStateMachineAlias":
        return this.aliases.update(body);
      case "DescribeStateMachineAlias":
        return this.aliases.describe(body);
      case "ListStateMachineAliases":
        return this.aliases.list(body);
      case "DeleteStateMachineAlias":
        return this.aliases.delete(body);
      case "StartExecution":
        return this.executions.start(body);
      case "DescribeExecution":
        return this.executions.describe(body);
      case "DescribeStateMachineForExecution":
        return this.executions.describeStateMachineFor(body);
      case "ListExecutions":
        return this.executions.list(body);
      case "GetExecutionHistory":
        return this.executions.history(body);
      case "StopExecution":
        return this.executions.stop(body);
      case "RedriveExecution":
        return this.executions.redrive(body);
      case "TagResource":
        return this.tag(body);
      case "UntagResource":
        return this.untag(body);
      case "ListTagsForResource":
        return { tags: this.taggable(body).tags };
      default:
        throw new AwsError("UnknownOperationException", `Operation ${operation} is not supported by the embedded engine`);
    }
  }

  private async tag(body: Body): Promise<unknown> {
    const record = this.taggable(body);
    const added = tagsOf(body.tags);
    const kept = record.tags.filter((tag) => !added.some((a) => a.key === tag.key));
    await this.repository.saveStateMachine({ ...record, tags: [...kept, ...added] });
    return {};
  }

  private async untag(body: Body): Promise<unknown> {
    const record = this.taggable(body);
    const keys = Array.isArray(body.tagKeys) ? body.tagKeys : [];
    await this.repository.saveStateMachine({ ...record, tags: record.tags.filter((tag) => !keys.includes(tag.key)) });
    return {};
  }

  /** Only state machines carry tags here (AWS also tags activities, which the engine does not have). */
  private taggable(body: Body) {
    const arn = requiredString(body, "resourceArn");
    const record = this.repository.stateMachines.get(arn);
    if (!record) throw new AwsError("ResourceNotFound", `Resource not found: '${arn}'`);
    return record;
  }
}
