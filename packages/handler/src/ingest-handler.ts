import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { S3Client } from "@aws-sdk/client-s3";
import {
  createRotatingAuthenticator,
  DEFAULT_MAX_BODY_BYTES,
  errorResponse,
  hashPayload,
  InvalidPayloadError,
  isIdentityEncoding,
  isJsonContentType,
  parsePayload,
  payloadTooLargeResponse,
  type ReceiverResponse,
  unauthorizedResponse,
  unsupportedEncodingResponse,
  unsupportedMediaTypeResponse,
} from "@axentra/core";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { bodyOf, headersOf, toFunctionUrlResult } from "./function-url.js";
import {
  acceptedForProcessingResponse,
  methodNotAllowedResponse,
  publishFailedResponse,
} from "./ingest-responses.js";
import { DEFAULT_MAX_EVENT_BYTES } from "./webhook-event.js";
import { createWebhookPublisher } from "./webhook-publisher.js";

/**
 * Default time budget of the S3 and EventBridge requests of one delivery,
 * in milliseconds. It keeps a slow AWS endpoint from holding a request
 * past a 3-second function timeout, and so well inside the 5-second
 * timeout of the Supabase webhook.
 */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 2_500;

/**
 * Time kept back from the function's remaining time for logging and the
 * response, so that a slow publish ends in a 503 instead of a Lambda timeout.
 */
export const RESPONSE_MARGIN_MS = 250;

/** Shortest publish budget, so that a nearly spent invocation still tries. */
const MIN_PUBLISH_TIMEOUT_MS = 50;

/** Settings of the ingest handler. */
export interface IngestConfig {
  /**
   * Shared secret, or a Standard Webhooks `whsec_` signing secret. There is
   * no unauthenticated mode: a Lambda function URL is public.
   */
  readonly webhookSecret: string;
  /** The secret being replaced, accepted too during a rotation; empty for none. */
  readonly previousWebhookSecret?: string | undefined;
  readonly eventBusName: string;
  /** Bucket that receives claim-check objects; its objects expire. */
  readonly claimCheckBucket: string;
  /** Largest accepted body in bytes; core's `DEFAULT_MAX_BODY_BYTES` by default. */
  readonly maxBodyBytes?: number | undefined;
  /** An entry of this size or more goes through a claim check; 256 KB by default. */
  readonly maxEventBytes?: number | undefined;
  /** Time budget of the AWS requests of one delivery, in milliseconds. */
  readonly publishTimeoutMs?: number | undefined;
}

/** Clients, telemetry and clock of the ingest handler. */
export interface IngestDependencies {
  readonly eventBridge: EventBridgeClient;
  readonly s3: S3Client;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Clock of receipt times and signature checks. */
  readonly now?: (() => Date) | undefined;
}

/** A handler of Lambda function URL requests (payload format 2.0). */
export type IngestHandler = (
  event: APIGatewayProxyEventV2,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Outcome of one request: its response and the facts to log. */
interface RequestOutcome {
  readonly response: ReceiverResponse;
  readonly bytes: number;
  readonly payloadHash?: string;
  /** Reason of an authentication failure; logged, never returned. */
  readonly authFailure?: string;
  /** Code of an `InvalidPayloadError`. */
  readonly errorCode?: string;
  readonly claimCheck?: boolean;
  /** True when the previous secret of a rotation authenticated the request. */
  readonly previousSecret?: boolean | undefined;
  readonly error?: unknown;
}

/**
 * Creates the ingest handler. Each POST is bounded in size, checked for a
 * JSON content type, authenticated on its raw bytes, parsed, and put on
 * the bus as a `webhook.received` event. The response is 202 with the
 * payload hash. Throws `SecretConfigError` for an unusable secret.
 */
export function createIngestHandler(
  config: IngestConfig,
  dependencies: IngestDependencies,
): IngestHandler {
  const authenticator = createRotatingAuthenticator(
    config.webhookSecret,
    config.previousWebhookSecret,
  );
  const maxBodyBytes = config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const publishTimeoutMs =
    config.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
  const { logger, metrics } = dependencies;
  const now = dependencies.now ?? (() => new Date());
  const publish = createWebhookPublisher({
    eventBridge: dependencies.eventBridge,
    s3: dependencies.s3,
    eventBusName: config.eventBusName,
    claimCheckBucket: config.claimCheckBucket,
    maxEventBytes: config.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
  });

  /**
   * Returns the publish budget: the configured one, shortened to what the
   * invocation has left, since parsing a large body may already have used
   * part of the function timeout.
   */
  function publishBudgetMs(context: Context | undefined): number {
    if (context === undefined) {
      return publishTimeoutMs;
    }
    const remaining = context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MS;

    return Math.max(
      MIN_PUBLISH_TIMEOUT_MS,
      Math.min(publishTimeoutMs, remaining),
    );
  }

  async function handle(
    event: APIGatewayProxyEventV2,
    context: Context | undefined,
  ): Promise<RequestOutcome> {
    const method = event.requestContext.http.method;
    if (method !== "POST") {
      return { response: methodNotAllowedResponse(method), bytes: 0 };
    }

    const body = bodyOf(event);
    const bytes = body.byteLength;
    if (bytes > maxBodyBytes) {
      return { response: payloadTooLargeResponse(maxBodyBytes), bytes };
    }
    const headers = headersOf(event);
    const contentType = headers["content-type"];
    if (!isJsonContentType(contentType)) {
      return { response: unsupportedMediaTypeResponse(contentType), bytes };
    }
    const contentEncoding = headers["content-encoding"];
    if (!isIdentityEncoding(contentEncoding)) {
      return { response: unsupportedEncodingResponse(contentEncoding), bytes };
    }

    const receivedAt = now();
    const auth = authenticator.authenticate(headers, body, receivedAt);
    if (!auth.ok) {
      return {
        response: unauthorizedResponse(),
        bytes,
        authFailure: auth.reason,
      };
    }

    let payloadHash: string;
    try {
      payloadHash = hashPayload(parsePayload(body));
    } catch (error) {
      if (!(error instanceof InvalidPayloadError)) {
        throw error;
      }
      return { response: errorResponse(error), bytes, errorCode: error.code };
    }

    try {
      const published = await publish({
        body,
        // parsePayload accepted the bytes as UTF-8 without a byte-order
        // mark, so this string encodes back to exactly the same bytes.
        text: new TextDecoder().decode(body),
        payloadHash,
        receivedAt,
        signal: AbortSignal.timeout(publishBudgetMs(context)),
      });
      return {
        response: acceptedForProcessingResponse(
          payloadHash,
          receivedAt.toISOString(),
        ),
        bytes,
        payloadHash,
        claimCheck: published.claimCheck !== undefined,
        previousSecret: auth.previousSecret,
      };
    } catch (error) {
      return { response: publishFailedResponse(), bytes, payloadHash, error };
    }
  }

  /**
   * Writes the request's log line and metrics: `Received` per queued
   * delivery (and `ClaimChecks` when it went through the claim-check bucket),
   * `Rejected` per 4xx with a `reason` dimension, `PublishFailures` per
   * 503, and `DurationMs` for every request.
   */
  function record(outcome: RequestOutcome, durationMs: number): void {
    const { response } = outcome;
    const fields = {
      payload_hash: outcome.payloadHash,
      outcome: response.outcome,
      status: response.status,
      bytes: outcome.bytes,
      duration_ms: durationMs,
      auth_method: authenticator.method,
      auth_failure: outcome.authFailure,
      // Tells an operator whether senders still use the old secret.
      auth_previous_secret: outcome.previousSecret,
      error_code: outcome.errorCode,
      claim_check: outcome.claimCheck,
    };

    if (response.status >= 500) {
      logger.error("webhook not queued", { ...fields, error: outcome.error });
      metrics.addMetric("PublishFailures", MetricUnit.Count, 1);
    } else if (response.status >= 400) {
      logger.warn("webhook rejected", fields);
      const rejected = metrics.singleMetric();
      rejected.addDimension("reason", outcome.errorCode ?? response.outcome);
      rejected.addMetric("Rejected", MetricUnit.Count, 1);
    } else {
      logger.info("webhook queued", fields);
      metrics.addMetric("Received", MetricUnit.Count, 1);
      if (outcome.claimCheck) {
        metrics.addMetric("ClaimChecks", MetricUnit.Count, 1);
      }
    }
    metrics.addMetric("DurationMs", MetricUnit.Milliseconds, durationMs);
    metrics.publishStoredMetrics();
  }

  return async function ingest(event, context) {
    const started = performance.now();
    if (context !== undefined) {
      logger.addContext(context);
    }

    const outcome = await handle(event, context);
    record(outcome, Math.round(performance.now() - started));

    return toFunctionUrlResult(outcome.response);
  };
}
