/**
 * Lambda entry point of the ingest function, behind a function URL
 * (payload format 2.0). Configuration is read once, when Lambda loads the
 * module; see `createIngestHandlerFromEnv` for the variables.
 */
import { createIngestHandlerFromEnv } from "./ingest-from-env.js";
import type { IngestHandler } from "./ingest-handler.js";

/** The function URL handler. */
export const handler: IngestHandler = createIngestHandlerFromEnv(process.env);
