export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "PENDING_REDRIVE";

export interface Tag {
  key: string;
  value: string;
}

/** What one revision of a state machine runs: versions snapshot it, executions copy it. */
export interface Revision {
  definition: string;
  roleArn: string;
  type: "STANDARD" | "EXPRESS";
  loggingConfiguration: unknown;
  tracingConfiguration: unknown;
  /** Absent for the revision a state machine was created with, as in AWS (PublishStateMachineVersion calls it INITIAL). */
  revisionId?: string;
}

export interface StateMachineRecord extends Revision {
  stateMachineArn: string;
  name: string;
  description?: string;
  creationDate: number;
  updateDate?: number;
  tags: Tag[];
  /** The highest version number ever published: AWS never reuses a number, even after a delete. */
  latestVersion?: number;
  /** CreateStateMachine's idempotency compares these too (records written before versions existed lack them). */
  createdWith?: { publish: boolean; versionDescription?: string };
}

/** A published version: an immutable snapshot of one revision, `<state machine ARN>:<n>`. */
export interface StateMachineVersionRecord extends Revision {
  stateMachineVersionArn: string;
  stateMachineArn: string;
  version: number;
  description?: string;
  creationDate: number;
}

export interface RoutingEntry {
  stateMachineVersionArn: string;
  weight: number;
}

/** An alias, `<state machine ARN>:<name>`, routing executions to one or two versions by weight. */
export interface StateMachineAliasRecord {
  stateMachineAliasArn: string;
  stateMachineArn: string;
  name: string;
  description?: string;
  routingConfiguration: RoutingEntry[];
  creationDate: number;
  updateDate: number;
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
  revisionId?: string;
  /** Set when the execution was started on a version ARN, or on an alias (then both are set). */
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
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
