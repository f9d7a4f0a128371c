export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "PENDING_REDRIVE";

export interface Tag {
  key: string;
  value: string;
}

export interface StateMachineRecord {
  stateMachineArn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: "STANDARD" | "EXPRESS";
  description?: string;
  creationDate: number;
  updateDate?: number;
  revisionId: string;
  loggingConfiguration: unknown;
  tracingConfiguration: unknown;
  tags: Tag[];
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  traceHeader?: string;
  roleArn: string;
  /** The definition the execution runs: later updates of the state machine do not change it. */
  definition: string;
  redriveCount: number;
  redriveDate?: number;
  /** The top-level state running (or last run), with its input, so a redrive can start there again. */
  currentState?: { name: string; input: string };
}

/** A GetExecutionHistory event: `type`, ids and exactly one `<camelType>EventDetails` member (or none). */
export interface HistoryEvent {
  timestamp: number;
  type: string;
  id: number;
  previousEventId: number;
  [details: string]: unknown;
}
