import type { StateMachineDefinition } from "aws-local-stepfunctions";
import type { ProcessingJobs } from "../contracts";
import { AwsError } from "../errors";
import { executionStatusChange, NO_EVENTS, type StatusEvents } from "../events/status-events";
import { mark } from "../trace";
import { assertArn, executionArn, parseMachineRef, type Partition } from "./arn";
import { parseDefinition } from "./definition";
import { HistoryRecorder } from "./history";
import { paginate } from "./pagination";
import type { SfnRepository } from "./repository";
import type { Body } from "./request";
import { ExecutionRunner } from "./runner";
import type { ExecutionTarget } from "./targets";
import type { ExecutionRecord, ExecutionStatus } from "./types";
import { assertExecutionInput, assertName, optionalString } from "./validation";

const STATUSES: ExecutionStatus[] = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];
const REDRIVABLE: ExecutionStatus[] = ["FAILED", "TIMED_OUT", "ABORTED"];
/** AWS lets an execution be redriven for 14 days after it stopped. */
const REDRIVE_WINDOW_MS = 14 * 24 * 3600 * 1000;

export class ExecutionOps {
  private readonly runners = new Map<string, ExecutionRunner>();

  constructor(
    private readonly repository: SfnRepository,
    private readonly resolve: (arn: unknown) => ExecutionTarget,
    private readonly jobs: ProcessingJobs,
    private readonly partition: Partition,
    /** Status changes go out as EventBridge events once the record holding them is on disk. */
    private readonly events: StatusEvents = NO_EVENTS,
  ) {}

  /** On a version or alias ARN the execution runs that version's definition; unqualified, the latest revision. */
  async start(body: Body): Promise<unknown> {
    const { machine, revision, stateMachineVersionArn, stateMachineAliasArn } = this.resolve(body.stateMachineArn);
    const name = body.name === undefined ? crypto.randomUUID() : assertName(body.name);
    const input = assertExecutionInput(body.input);
    const arn = executionArn(this.partition, machine.name, name);
    const existing = this.repository.executions.get(arn);
    if (existing) {
      // Same name and input while still open returns the same execution; anything else is a conflict.
      if (existing.status === "RUNNING" && existing.input === input) {
        return { executionArn: arn, startDate: existing.startDate / 1000 };
      }
      throw new AwsError("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`);
    }
    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: machine.stateMachineArn,
      name,
      status: "RUNNING",
      startDate: Date.now(),
      input,
      traceHeader: optionalString(body.traceHeader, "traceHeader"),
      roleArn: revision.roleArn,
      definition: revision.definition,
      ...(revision.revisionId ? { revisionId: revision.revisionId } : {}),
      ...(stateMachineVersionArn ? { stateMachineVersionArn } : {}),
      ...(stateMachineAliasArn ? { stateMachineAliasArn } : {}),
      redriveCount: 0,
    };
    mark(name, "execution.started");
    const saved = this.repository.saveExecution(record);
    // A new ARN has no history yet: nothing to read back.
    const history = new HistoryRecorder(this.repository, arn, this.repository.newHistory(arn, saved));
    void history.record("ExecutionStarted", {
      input,
      inputDetails: { truncated: false },
      roleArn: revision.roleArn,
      ...(stateMachineVersionArn ? { stateMachineVersionArn } : {}),
      ...(stateMachineAliasArn ? { stateMachineAliasArn } : {}),
    });
    // The run starts while the record is being written (its own writes of the record queue behind this
    // one); the caller gets the ARN only once the execution is on disk. RUNNING is told first, as it was
    // when the record was written, even when the run has ended by then.
    const running = executionStatusChange(record);
    const announced = saved.then(() => this.events.emit(running));
    this.launch(record, machine.name, parseDefinition(record.definition), JSON.parse(input), history, announced);
    await saved;
    return { executionArn: arn, startDate: record.startDate / 1000 };
  }

  describe(body: Body): unknown {
    const record = this.get(body.executionArn);
    return {
      ...summary(record),
      input: record.input,
      inputDetails: { included: true },
      ...(record.output !== undefined ? { output: record.output, outputDetails: { included: true } } : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
      ...(record.traceHeader ? { traceHeader: record.traceHeader } : {}),
      ...redriveStatus(record),
    };
  }

  describeStateMachineFor(body: Body): unknown {
    const record = this.get(body.executionArn);
    return {
      stateMachineArn: record.stateMachineArn,
      name: record.stateMachineArn.split(":").pop(),
      definition: record.definition,
      roleArn: record.roleArn,
      updateDate: record.startDate / 1000,
      ...(record.revisionId ? { revisionId: record.revisionId } : {}),
    };
  }

  /** On a version or alias ARN, only the executions started through it. */
  list(body: Body): unknown {
    const ref = parseMachineRef(body.stateMachineArn);
    const machine = this.resolve(ref.stateMachineArn).machine.stateMachineArn;
    const through = (r: ExecutionRecord) =>
      ref.kind === "machine" || (ref.kind === "version" ? r.stateMachineVersionArn : r.stateMachineAliasArn) === body.stateMachineArn;
    const filter = body.statusFilter;
    if (filter !== undefined && !STATUSES.includes(filter as ExecutionStatus)) {
      throw new AwsError("ValidationException", `1 validation error detected: Value '${String(filter)}' at 'statusFilter' failed to satisfy constraint`);
    }
    const matching = [...this.repository.executions.values()]
      .filter((r) => r.stateMachineArn === machine && through(r) && (filter === undefined || r.status === filter))
      .sort((a, b) => b.startDate - a.startDate || b.name.localeCompare(a.name));
    const { page, nextToken } = paginate(matching, body.maxResults, body.nextToken);
    return { executions: page.map(summary), ...(nextToken ? { nextToken } : {}) };
  }

  async history(body: Body): Promise<unknown> {
    const record = this.get(body.executionArn);
    const events = await this.repository.history(record.executionArn);
    const ordered = body.reverseOrder === true ? [...events].reverse() : events;
    const { page, nextToken } = paginate(ordered, body.maxResults, body.nextToken);
    const includeData = body.includeExecutionData !== false;
    return { events: includeData ? page : page.map(withoutData), ...(nextToken ? { nextToken } : {}) };
  }

  async stop(body: Body): Promise<unknown> {
    const record = this.get(body.executionArn);
    const runner = this.runners.get(record.executionArn);
    if (record.status === "RUNNING" && runner) {
      await runner.stop(optionalString(body.error, "error"), optionalString(body.cause, "cause"));
    }
    return { stopDate: (record.stopDate ?? Date.now()) / 1000 };
  }

  /**
   * Restarts a closed, unsuccessful execution at the top-level state it was in, with that state's
   * recorded input. Limits: a failure inside a Map or Parallel reruns the whole Map/Parallel state, and
   * `$$.Execution.Input` inside the redrive is that state's input.
   */
  async redrive(body: Body): Promise<unknown> {
    const record = this.get(body.executionArn);
    const stoppedAt = record.stopDate ?? 0;
    if (!REDRIVABLE.includes(record.status) || Date.now() - stoppedAt > REDRIVE_WINDOW_MS) {
      throw new AwsError("ExecutionNotRedrivable", `Execution is not redrivable: status is ${record.status}`);
    }
    const definition = parseDefinition(record.definition);
    const from = record.currentState;
    const start = from && definition.States[from.name] ? { ...definition, StartAt: from.name } : definition;
    const input: unknown = JSON.parse(from && definition.States[from.name] ? from.input : record.input);
    Object.assign(record, {
      status: "RUNNING",
      redriveCount: record.redriveCount + 1,
      redriveDate: Date.now(),
      stopDate: undefined,
      error: undefined,
      cause: undefined,
      output: undefined,
    });
    await this.repository.saveExecution(record);
    this.events.emit(executionStatusChange(record));
    const history = await HistoryRecorder.open(this.repository, record.executionArn);
    void history.record("ExecutionRedriven", { redriveCount: record.redriveCount });
    const machineName = record.stateMachineArn.split(":").pop() ?? "";
    this.launch(record, machineName, start, input, history);
    return { redriveDate: (record.redriveDate ?? 0) / 1000 };
  }

  /** At start-up: nothing runs yet, so an execution still RUNNING on disk was cut off by a stop or crash. */
  async failInterrupted(): Promise<void> {
    for (const record of this.repository.executions.values()) {
      if (record.status !== "RUNNING") continue;
      const history = await HistoryRecorder.open(this.repository, record.executionArn);
      const details = { error: "States.Runtime", cause: "engine restarted while the execution was running" };
      void history.record("ExecutionFailed", details);
      Object.assign(record, { status: "FAILED", stopDate: Date.now(), ...details });
      await this.repository.saveExecution(record);
      this.events.emit(executionStatusChange(record));
    }
  }

  async halt(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.halt()));
  }

  private launch(
    record: ExecutionRecord,
    stateMachineName: string,
    definition: StateMachineDefinition,
    input: unknown,
    history: HistoryRecorder,
    announced: Promise<unknown> = Promise.resolve(),
  ): void {
    const runner = new ExecutionRunner(
      record,
      { repository: this.repository, jobs: this.jobs, region: this.partition.region, stateMachineName },
      definition,
      input,
      history,
    );
    this.runners.set(record.executionArn, runner);
    void runner.done
      // A halted runner (engine shutdown) leaves the execution RUNNING: nothing changed, nothing to tell.
      .then(async () => {
        if (record.status === "RUNNING") return;
        const ended = executionStatusChange(record);
        await announced.catch(() => undefined);
        this.events.emit(ended);
      })
      .catch((error: unknown) => console.error("[engine] execution runner failed", record.executionArn, error))
      .finally(() => {
        if (this.runners.get(record.executionArn) === runner) this.runners.delete(record.executionArn);
      });
  }

  private get(arnValue: unknown): ExecutionRecord {
    const arn = assertArn(arnValue, "execution");
    const record = this.repository.executions.get(arn);
    if (!record) throw new AwsError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return record;
  }
}

function summary(record: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: record.startDate / 1000,
    ...(record.stateMachineVersionArn ? { stateMachineVersionArn: record.stateMachineVersionArn } : {}),
    ...(record.stateMachineAliasArn ? { stateMachineAliasArn: record.stateMachineAliasArn } : {}),
    ...(record.stopDate !== undefined ? { stopDate: record.stopDate / 1000 } : {}),
    redriveCount: record.redriveCount,
    ...(record.redriveDate !== undefined ? { redriveDate: record.redriveDate / 1000 } : {}),
  };
}

function redriveStatus(record: ExecutionRecord): Record<string, unknown> {
  if (REDRIVABLE.includes(record.status)) return { redriveStatus: "REDRIVABLE" };
  const reason = record.status === "RUNNING" ? "Execution is RUNNING and cannot be redriven" : "Execution is SUCCEEDED and cannot be redriven";
  return { redriveStatus: "NOT_REDRIVABLE", redriveStatusReason: reason };
}

/** `includeExecutionData: false` drops inputs and outputs from every event's details. */
function withoutData(event: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(event).map(([key, value]) => {
      if (!key.endsWith("EventDetails") || !value || typeof value !== "object") return [key, value];
      const { input: _input, output: _output, parameters: _parameters, ...rest } = value as Record<string, unknown>;
      return [key, rest];
    }),
  );
}
