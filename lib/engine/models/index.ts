import { AwsError } from "../errors";
import type { JsonService } from "../http/json-protocol";
import { serializationMessage, validationMessage } from "./aws-message";
import { checkRequest } from "./check-request";
import type { ServiceName } from "./locate";
import { notifyObservers } from "./request-observer";
import { serviceModel } from "./service-model";

export { loadServiceModels } from "./service-model";
export { observeRequests, type ObservedRequest } from "./request-observer";
export type { ServiceName } from "./locate";

/**
 * Refuses a request AWS would refuse for its shape, with AWS's error: SerializationException for a value of
 * the wrong type, ValidationException listing every broken constraint. Operations newer than the installed
 * model pass unchecked here; the engine's own rules still apply to them.
 */
export function assertValidRequest(service: ServiceName, operation: string, body: unknown): void {
  notifyObservers({ service, operation, body });
  const check = checkRequest(serviceModel(service), operation, body);
  if (!check) return;
  if (check.mismatches.length > 0) throw new AwsError("SerializationException", serializationMessage(check.mismatches));
  if (check.violations.length > 0) throw new AwsError("ValidationException", validationMessage(check.violations));
}

/** A JSON service whose every request is checked against the service's model first. */
export function validatedByModel(service: JsonService, name: ServiceName): JsonService {
  return {
    handle: async (operation, body) => {
      assertValidRequest(name, operation, body);
      return service.handle(operation, body);
    },
  };
}
