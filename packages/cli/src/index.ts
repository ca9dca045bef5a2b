export type { CliIo } from "./io.js";
export { createLogger, type Logger } from "./log.js";
export { main } from "./main.js";
export {
  createReceiver,
  type ReceiverOptions,
  WEBHOOK_PATH,
} from "./receiver.js";
