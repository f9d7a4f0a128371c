import type { StateMachine } from "aws-local-stepfunctions";
import type { HistoryRecorder } from "./history";
import { taskIds } from "./task-resources";

type EventLog = ReturnType<StateMachine["run"]>["eventLogs"] extends AsyncGenerator<infer E> ? E : never;

/**
 * Turns aws-local-stepfunctions' event log into AWS history events. Task events are written by the task
 * handlers themselves (the interpreter does not know about scheduling or submission); execution start and
 * end are written by the runner.
 */
export class EventTranslator {
  constructor(
    private readonly history: HistoryRecorder,
    private readonly tasks: Map<string, string>,
    private readonly topLevelStates: Set<string>,
    private readonly recordedFailures: Set<string>,
    private readonly onTopLevelState: (state: { name: string; input: string }) => void,
  ) {}

  async consume(events: AsyncGenerator<EventLog>): Promise<void> {
    for await (const event of events) this.translate(event);
  }

  private translate(event: EventLog): void {
    switch (event.type) {
      case "StateEntered": {
        const input = JSON.stringify(event.state.input ?? null);
        this.record(`${event.state.type}StateEntered`, "StateEntered", {
          name: event.state.name,
          input,
          inputDetails: { truncated: false },
        });
        if (event.state.type === "Parallel") this.record("ParallelStateStarted");
        if (this.topLevelStates.has(event.state.name) && event.index === undefined) {
          this.onTopLevelState({ name: event.state.name, input });
        }
        return;
      }
      case "StateExited":
        if (event.state.type === "Map") this.record("MapStateSucceeded");
        if (event.state.type === "Parallel") this.record("ParallelStateSucceeded");
        this.record(`${event.state.type}StateExited`, "StateExited", {
          name: event.state.name,
          output: JSON.stringify(event.state.output ?? null),
          outputDetails: { truncated: false },
        });
        return;
      case "StateFailed":
        return this.stateFailed(event.state.name, event.state.type, event.Error, event.Cause);
      case "MapStateStarted":
        this.record("MapStateStarted", "MapStateStarted", { length: event.length });
        return;
      case "MapIterationStarted":
      case "MapIterationSucceeded":
      case "MapIterationFailed":
        this.record(event.type, event.type, { name: event.parentState.name, index: event.index });
        return;
      default:
        // Execution-level events come from the runner; branch and retry/catch events have no AWS equivalent.
        return;
    }
  }

  private stateFailed(name: string, type: string, error: string, cause: unknown): void {
    if (type === "Map") return this.record("MapStateFailed");
    if (type === "Parallel") return this.record("ParallelStateFailed");
    if (type !== "Task") return;
    if (this.recordedFailures.delete(name)) return;
    // A failure the handler never saw: the interpreter's TimeoutSeconds, or a path that did not resolve.
    const resource = this.tasks.get(name) ?? "";
    const ids = taskIds(resource);
    const text = typeof cause === "string" ? cause : JSON.stringify(cause);
    if (error === "States.Timeout") this.record("TaskTimedOut", "TaskTimedOut", { ...ids, error, cause: text });
    else this.record("TaskFailed", "TaskFailed", { ...ids, error, cause: text });
  }

  private record(type: string, detailsType?: string, details?: Record<string, unknown>): void {
    void this.history.record(type, details, detailsType ?? type);
  }
}
