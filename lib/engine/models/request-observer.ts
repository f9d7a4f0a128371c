import type { ServiceName } from "./locate";

export interface ObservedRequest {
  service: ServiceName;
  operation: string;
  body: unknown;
}

type Observer = (request: ObservedRequest) => void;

const observers = new Set<Observer>();

/**
 * Test hook: sees every request body the engine checks against a service model, before it does (the
 * CreateProcessingJob calls its Task states make included). `tests/engine/conformance/ferry-requests`
 * records a whole Ferry journey with it. Returns the function that stops observing.
 */
export function observeRequests(observer: Observer): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function notifyObservers(request: ObservedRequest): void {
  for (const observer of observers) observer(structuredClone(request));
}
