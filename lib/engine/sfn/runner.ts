import "../polyfill";
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
  type StateMachineDefinition,
} from "aws-local-stepfunctions";
import type { ProcessingJobs } from "../contracts";
import { mark } from "../trace";
import { taskStates } from "./definition";
import type { HistoryRecorder } from "./history";
import { EventTranslator } from "./event-translator";
import type { SfnRepository } from "./repository";
import { countingRetries, type StateContext, withStateContext } from "./state-context";
import { taskHandlers } from "./task-resources";
import type { ExecutionRecord } from "./types";

type RunInput = Parameters<StateMachine["run"]>[0];

export interface RunnerDeps {
  repository: SfnRepository;
  jobs: ProcessingJobs;
  region: string;
  stateMachineName: string;
}

interface Ending {
  status: ExecutionRecord["status"];
  output?: string;
  error?: string;
  cause?: string;
}

/**
 * Runs one execution (or one redrive of it) with aws-local-stepfunctions, translating its events into AWS
 * history events and writing the execution's final state.
 */
export class ExecutionRunner {
  private readonly stopController = new AbortController();
  private abortRun?: () => void;
  private stopRequest?: { error?: string; cause?: string };
  private halted = false;
  readonly done: Promise<void>;

  constructor(
    private readonly record: ExecutionRecord,
    private readonly deps: RunnerDeps,
    definition: StateMachineDefinition,
    input: unknown,
    private readonly history: HistoryRecorder,
  ) {
    this.done = this.run(definition, input, history);
  }

  /** StopExecution: aborts the run, stops a job a `.sync` task waits for, records ExecutionAborted. */
  stop(error?: string, cause?: string): Promise<void> {
    this.stopRequest = { error, cause };
    this.stopController.abort();
    this.abortRun?.();
    return this.done;
  }

  /** Engine shutdown: leaves the execution RUNNING on disk so that the next start fails it with a clear cause. */
  halt(): Promise<void> {
    this.halted = true;
    this.history.close();
    this.abortRun?.();
    return this.done;
  }

  private async run(definition: StateMachineDefinition, input: unknown, history: HistoryRecorder): Promise<void> {
    const failures = new Set<string>();
    const translator = new EventTranslator(history, taskStates(definition), new Set(Object.keys(definition.States)), failures, (state) => {
      this.record.currentState = state;
      void this.deps.repository.saveExecution(this.record);
    });
    const state: StateContext = { Name: "", EnteredTime: "", RetryCount: 0 };
    const machine = new StateMachine(withStateContext(definition, state), { validationOptions: { noValidate: true } });
    const handlers = countingRetries(taskHandlers(taskStates(definition), {
      jobs: this.deps.jobs,
      history,
      region: this.deps.region,
      signal: this.stopController.signal,
      settle: () => new Promise((resolve) => setImmediate(resolve)),
      markFailureRecorded: (state) => failures.add(state),
    }), state);
    const execution = machine.run(input as RunInput, {
      overrides: { taskResourceLocalHandlers: handlers },
      context: {
        Execution: {
          Id: this.record.executionArn,
          Name: this.record.name,
          RoleArn: this.record.roleArn,
          RedriveCount: this.record.redriveCount,
        },
        StateMachine: { Id: this.record.stateMachineArn, Name: this.deps.stateMachineName },
        State: state,
      },
    });
    this.abortRun = execution.abort;
    if (this.stopController.signal.aborted || this.halted) execution.abort();
    const translated = translator.consume(execution.eventLogs);
    const ending = await this.settle(execution.result);
    await translated;
    if (this.halted) return;
    await this.finish(ending, history);
  }

  private async settle(result: Promise<unknown>): Promise<Ending> {
    try {
      // The interpreter fails any state whose output exceeds 256 KiB (patches/), the last one included.
      return { status: "SUCCEEDED", output: JSON.stringify(await result) };
    } catch (error) {
      if (error instanceof ExecutionAbortedError) return { status: "ABORTED", ...this.stopRequest };
      if (error instanceof ExecutionTimeoutError) {
        return { status: "TIMED_OUT", error: "States.Timeout", cause: "The execution exceeded its TimeoutSeconds." };
      }
      const cause = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
      if (cause instanceof Error) return { status: "FAILED", error: cause.name, cause: cause.message };
      return { status: "FAILED", error: "States.Runtime", cause: String(cause) };
    }
  }

  private async finish(ending: Ending, history: HistoryRecorder): Promise<void> {
    const details = { error: ending.error, cause: ending.cause };
    switch (ending.status) {
      case "SUCCEEDED":
        void history.record("ExecutionSucceeded", { output: ending.output, outputDetails: { truncated: false } });
        break;
      case "ABORTED":
        void history.record("ExecutionAborted", details);
        break;
      case "TIMED_OUT":
        void history.record("ExecutionTimedOut", details);
        break;
      default:
        void history.record("ExecutionFailed", details);
    }
    Object.assign(this.record, {
      status: ending.status,
      stopDate: Date.now(),
      output: ending.output,
      error: ending.error,
      cause: ending.cause,
    });
    await this.deps.repository.saveExecution(this.record);
    mark(this.record.name, "execution.finished");
  }
}
