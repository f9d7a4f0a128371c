import type { StateMachineDefinition } from "aws-local-stepfunctions";

type States = StateMachineDefinition["States"];

/** Every Task state, nested ones included, with its Resource. ASL names are unique machine-wide. */
export function taskStates(definition: StateMachineDefinition): Map<string, string> {
  const tasks = new Map<string, string>();
  const visit = (states: States): void => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === "Task") tasks.set(name, state.Resource);
      if (state.Type === "Parallel") for (const branch of state.Branches) visit(branch.States);
      if (state.Type === "Map") {
        const processor = state.ItemProcessor ?? state.Iterator;
        if (processor) visit(processor.States);
      }
    }
  };
  visit(definition.States);
  return tasks;
}

export function parseDefinition(text: string): StateMachineDefinition {
  return JSON.parse(text) as StateMachineDefinition;
}
