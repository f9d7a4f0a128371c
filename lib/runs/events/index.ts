export { startRunEventConsumer, type RunEventConsumer, type RunEventConsumerOptions } from "./consumer";
export { startRunEventConsumers, type RunEventConsumers } from "./consumers";
