import type { StateMachineDefinition } from "aws-local-stepfunctions";

type States = StateMachineDefinition["States"];

/** `$$.State`: the object the interpreter's context refers to, updated in place as states are entered. */
export interface StateContext {
  Name: string;
  EnteredTime: string;
  /** Attempts of the current state that failed and are being retried (AWS's `$$.State.RetryCount`). */
  RetryCount: number;
}

/**
 * aws-local-stepfunctions has no `$$.State`. It looks up each state in `States` just before entering it and
 * evaluates the state's InputPath/Parameters in the same synchronous step, so a proxy on `States` that records
 * the state being looked up gives `$$.State.Name` and `$$.State.EnteredTime` their AWS values there, in
 * nested Map and Parallel machines too. Fields evaluated later (ResultSelector, OutputPath) may see another
 * branch's state when branches run concurrently.
 */
export function withStateContext(definition: StateMachineDefinition, state: StateContext): StateMachineDefinition {
  return { ...definition, States: track(definition.States, state) };
}

function track(states: States, state: StateContext): States {
  const nested: States = Object.fromEntries(
    Object.entries(states).map(([name, definition]) => {
      if (definition.Type === "Parallel") {
        return [name, { ...definition, Branches: definition.Branches.map((b) => ({ ...b, States: track(b.States, state) })) }];
      }
      if (definition.Type === "Map") {
        const processor = definition.ItemProcessor ?? definition.Iterator;
        if (!processor) return [name, definition];
        const tracked = { ...processor, States: track(processor.States, state) };
        return [name, definition.ItemProcessor ? { ...definition, ItemProcessor: tracked } : { ...definition, Iterator: tracked }];
      }
      return [name, definition];
    }),
  );
  return new Proxy(nested, {
    get(target, property, receiver) {
      if (typeof property === "string" && Object.hasOwn(target, property)) {
        state.Name = property;
        state.EnteredTime = new Date().toISOString();
        state.RetryCount = 0;
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

type TaskHandler = (input: never) => Promise<unknown>;

/**
 * The interpreter re-evaluates a Task's Parameters for every retry attempt but keeps no retry count in the
 * context; counting failed attempts here gives `$$.State.RetryCount` its AWS value on the next attempt (a
 * failure that is not retried is harmless: entering the next state resets the count).
 */
export function countingRetries<Handlers extends Record<string, TaskHandler>>(handlers: Handlers, state: StateContext): Handlers {
  const counted = Object.entries(handlers).map(([resource, handler]) => [
    resource,
    async (input: never) => {
      try {
        return await handler(input);
      } catch (error) {
        state.RetryCount += 1;
        throw error;
      }
    },
  ]);
  return Object.fromEntries(counted) as Handlers;
}
