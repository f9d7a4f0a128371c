import { AwsError } from "../errors";
import { parseMachineRef } from "./arn";
import { pickVersion } from "./alias-ops";
import type { SfnRepository } from "./repository";
import type { Revision, StateMachineRecord } from "./types";

/** What StartExecution runs for a state machine ARN: the latest revision, a version, or a version an alias picks. */
export interface ExecutionTarget {
  machine: StateMachineRecord;
  revision: Revision;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
}

export function resolveTarget(repository: SfnRepository, arnValue: unknown): ExecutionTarget {
  const ref = parseMachineRef(arnValue);
  const arn = String(arnValue);
  const missing = () => new AwsError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
  const machine = repository.stateMachines.get(ref.stateMachineArn);
  if (!machine) throw missing();
  if (ref.kind === "machine") return { machine, revision: machine };
  const alias = ref.kind === "alias" ? repository.aliases.get(arn) : undefined;
  if (ref.kind === "alias" && !alias) throw missing();
  const stateMachineVersionArn = alias ? pickVersion(alias) : arn;
  const version = repository.versions.get(stateMachineVersionArn);
  if (!version) throw missing();
  return { machine, revision: version, stateMachineVersionArn, ...(alias ? { stateMachineAliasArn: arn } : {}) };
}
