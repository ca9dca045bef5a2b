/**
 * Lambda entry point of the processor function, the target of the bus
 * rule for `axentra.webhook` events. The rules and the AWS store are set
 * up once, when Lambda loads the module; see `createProcessHandlerFromEnv`
 * for the variables.
 */
import { createProcessHandlerFromEnv } from "./process-from-env.js";
import type { ProcessHandler } from "./process-handler.js";

/** The EventBridge target handler. */
export const handler: ProcessHandler = await createProcessHandlerFromEnv(
  process.env,
);
