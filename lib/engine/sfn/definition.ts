import type { StateMachineDefinition } from "aws-local-stepfunctions";

type States = StateMachineDefinition["States"];
export type StateDefinition = States[string];

/**
 * Calls `visit` for every state, nested ones included, with its JSON-pointer location in the definition
 * (`/States/Each/ItemProcessor/States/Call`), as AWS's diagnostics name it.
 */
export function forEachState(definition: StateMachineDefinition, visit: (name: string, state: StateDefinition, location: string) => void): void {
  const walk = (states: States, at: string): void => {
    for (const [name, state] of Object.entries(states)) {
      const location = `${at}/States/${name}`;
      visit(name, state, location);
      if (state.Type === "Parallel") state.Branches.forEach((branch, i) => walk(branch.States, `${location}/Branches/${i}`));
      if (state.Type === "Map") {
        const processor = state.ItemProcessor ?? state.Iterator;
        if (processor) walk(processor.States, `${location}/${state.ItemProcessor ? "ItemProcessor" : "Iterator"}`);
      }
    }
  };
  walk(definition.States, "");
}

/** Every Task state, nested ones included, with its Resource. ASL names are unique machine-wide. */
export function taskStates(definition: StateMachineDefinition): Map<string, string> {
  const tasks = new Map<string, string>();
  forEachState(definition, (name, state) => {
    if (state.Type === "Task") tasks.set(name, state.Resource);
  });
  return tasks;
}

export function parseDefinition(text: string): StateMachineDefinition {
  return JSON.parse(text) as StateMachineDefinition;
}
