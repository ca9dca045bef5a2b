import { isAbsolute, resolve } from "node:path";
import { awsStoreConfigFromEnv, createAwsStore } from "@axentra/aws-store";
import { createPipeline } from "@axentra/core";
import { loadRulesFile, type Rules, RulesFileError } from "@axentra/rules";
import {
  claimCheckBucketFromEnv,
  type Environment,
  optionalVariable,
  requiredVariable,
} from "./env.js";
import { HandlerConfigError } from "./errors.js";
import {
  createProcessHandler,
  type ProcessHandler,
} from "./process-handler.js";
import { createTelemetry } from "./telemetry.js";

/** Service name of the processor function in logs and metrics. */
export const PROCESSOR_SERVICE_NAME = "axentra-processor";

/**
 * Lease of a claim taken by the processor, in seconds. It exceeds the
 * function's 60-second timeout, so a retry never takes over the claim of
 * an attempt that may still be running, which would make two writers of
 * one event. A claim left by a crashed or timed-out attempt expires at
 * most 30 s after that attempt ended.
 */
export const PROCESSOR_LEASE_SECONDS = 90;

/**
 * Resolves the rules file: `AXENTRA_RULES_FILE`, `rules.yaml` by default,
 * relative to the Lambda task root (`LAMBDA_TASK_ROOT`), or to the working
 * directory outside Lambda.
 */
export function rulesFilePath(env: Environment): string {
  const file = optionalVariable(env, "AXENTRA_RULES_FILE") ?? "rules.yaml";
  if (isAbsolute(file)) {
    return file;
  }

  return resolve(
    optionalVariable(env, "LAMBDA_TASK_ROOT") ?? process.cwd(),
    file,
  );
}

/**
 * Creates the process handler from the environment: loads the rules,
 * creates the AWS store (`AXENTRA_RAW_BUCKET`, `AXENTRA_PROCESSED_BUCKET`,
 * `AXENTRA_EVENTS_TABLE`, `AXENTRA_EVENT_BUS` and the SDK's standard
 * variables) with routed events on the bus, and the pipeline. Claim-check
 * references must name `AXENTRA_CLAIM_CHECK_BUCKET`. Throws
 * `HandlerConfigError` without an event bus, a claim-check bucket or a
 * readable rules file, and `RulesValidationError` for an invalid one, so
 * the function fails its init.
 */
export async function createProcessHandlerFromEnv(
  env: Environment,
): Promise<ProcessHandler> {
  requiredVariable(
    env,
    "AXENTRA_EVENT_BUS",
    "the event bus that receives routed events",
  );
  const claimCheckBucket = claimCheckBucketFromEnv(env);
  const rulesFile = rulesFilePath(env);
  const rules = await loadRules(rulesFile);
  const storeConfig = awsStoreConfigFromEnv(env);
  const store = createAwsStore(storeConfig);
  const pipeline = createPipeline({
    rules,
    rawStore: store.rawStore,
    processedStore: store.processedStore,
    registry: store.registry,
    router: store.router,
    leaseSeconds: PROCESSOR_LEASE_SECONDS,
  });

  const telemetry = createTelemetry(PROCESSOR_SERVICE_NAME);
  telemetry.logger.info("processor initialized", {
    rules_file: rulesFile,
    rules_version: rules.version,
    raw_bucket: storeConfig.rawBucket,
    processed_bucket: storeConfig.processedBucket,
    claim_check_bucket: claimCheckBucket,
    events_table: storeConfig.tableName,
    event_bus: storeConfig.eventBusName,
  });

  return createProcessHandler(
    { claimCheckBucket },
    { pipeline, s3: store.clients.s3, ...telemetry },
  );
}

/** Loads the rules, naming the Lambda-side fix when the file is missing. */
async function loadRules(rulesFile: string): Promise<Rules> {
  try {
    return await loadRulesFile(rulesFile);
  } catch (error) {
    if (!(error instanceof RulesFileError)) {
      throw error;
    }
    const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
    throw new HandlerConfigError(
      `cannot read rules file ${rulesFile}${code ? ` (${code})` : ""}; ` +
        "copy rules.yaml into the function bundle or set AXENTRA_RULES_FILE " +
        "to its path",
      { cause: error },
    );
  }
}
