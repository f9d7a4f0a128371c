export { startRunEventConsumer, type RunEventConsumer, type RunEventConsumerOptions } from "./consumer";
