import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import {
  claimCheckBucketFromEnv,
  type Environment,
  optionalByteCount,
  optionalVariable,
  requiredVariable,
} from "./env.js";
import { HandlerConfigError } from "./errors.js";
import {
  createIngestHandler,
  type IngestConfig,
  type IngestHandler,
} from "./ingest-handler.js";
import { createTelemetry } from "./telemetry.js";

/** Service name of the ingest function in logs and metrics. */
export const INGEST_SERVICE_NAME = "axentra-ingest";

/**
 * Request limits of the ingest function's SDK clients. Two attempts of at
 * most 0.5 s to connect and 1.5 s for the response fit the 2.5 s publish budget
 * in the usual case, and the budget's abort signal bounds the rest.
 */
export const INGEST_CLIENT_SETTINGS = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 500, requestTimeout: 1_500 },
} as const;

/**
 * Reads the ingest settings: `AXENTRA_WEBHOOK_SECRET` (required),
 * `AXENTRA_EVENT_BUS`, `AXENTRA_CLAIM_CHECK_BUCKET`, and the optional byte
 * limits `AXENTRA_MAX_BODY_BYTES` and `AXENTRA_MAX_EVENT_BYTES`. Throws
 * `HandlerConfigError` naming the variable that is missing or invalid.
 *
 * The ingest function never writes to the raw audit bucket: claim-check
 * objects go to a bucket of their own that expires them, so a large body
 * is not kept twice and a failed publish leaves no audit record behind.
 * `AXENTRA_RAW_BUCKET` is therefore not read, and not a fallback.
 */
export function ingestConfigFromEnv(env: Environment): IngestConfig {
  // The secret is read untrimmed, so that createAuthenticator can reject
  // surrounding whitespace such as a trailing newline.
  const webhookSecret = env.AXENTRA_WEBHOOK_SECRET;
  if (webhookSecret === undefined || webhookSecret.trim() === "") {
    throw new HandlerConfigError(
      "AXENTRA_WEBHOOK_SECRET is not set or empty; the ingest function " +
        "does not accept unauthenticated webhooks. Set it to a shared " +
        'secret of 16 or more characters or a Standard Webhooks "whsec_" ' +
        "secret",
    );
  }

  return {
    webhookSecret,
    previousWebhookSecret: env.AXENTRA_WEBHOOK_SECRET_PREVIOUS,
    eventBusName: requiredVariable(
      env,
      "AXENTRA_EVENT_BUS",
      "the name of the event bus that receives webhooks",
    ),
    claimCheckBucket: claimCheckBucketFromEnv(env),
    maxBodyBytes: optionalByteCount(env, "AXENTRA_MAX_BODY_BYTES"),
    maxEventBytes: optionalByteCount(env, "AXENTRA_MAX_EVENT_BYTES"),
  };
}

/**
 * Creates the ingest handler from the environment, with its SDK clients,
 * logger and metrics. Throws `HandlerConfigError` or `SecretConfigError`
 * for a missing or unusable setting, so a misconfigured function fails
 * its init instead of accepting requests.
 */
export function createIngestHandlerFromEnv(env: Environment): IngestHandler {
  const config = ingestConfigFromEnv(env);

  // Region, credentials and AWS_ENDPOINT_URL_* come from the SDK's own
  // configuration chain. S3 emulators serve one host, so an endpoint
  // override switches S3 to path-style addressing.
  const s3Endpoint =
    optionalVariable(env, "AWS_ENDPOINT_URL_S3") ??
    optionalVariable(env, "AWS_ENDPOINT_URL");
  const eventBridge = new EventBridgeClient({ ...INGEST_CLIENT_SETTINGS });
  const s3 = new S3Client({
    ...INGEST_CLIENT_SETTINGS,
    forcePathStyle: s3Endpoint !== undefined,
  });
  const telemetry = createTelemetry(INGEST_SERVICE_NAME);

  return createIngestHandler(config, { eventBridge, s3, ...telemetry });
}
