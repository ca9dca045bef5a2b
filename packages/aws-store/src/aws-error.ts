import {
  ThrottlingException as DynamoDbThrottlingException,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
} from "@aws-sdk/client-dynamodb";
import { ThrottlingException as EventBridgeThrottlingException } from "@aws-sdk/client-eventbridge";
import { StoreUnavailableError } from "@axentra/core";
import { AwsStoreError } from "./errors.js";

/**
 * Throttling errors that DynamoDB and EventBridge send with HTTP 400, so
 * the status code alone does not reveal them. S3 throttles with 503
 * SlowDown.
 */
const THROTTLING_ERRORS = [
  ProvisionedThroughputExceededException,
  DynamoDbThrottlingException,
  RequestLimitExceeded,
  EventBridgeThrottlingException,
] as const;

/** Node.js socket and DNS error codes of a request that never got a reply. */
const NETWORK_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** Error names of the SDK's request and socket timeouts. */
const TIMEOUT_ERROR_NAMES = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
]);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

/** Returns the HTTP status of an SDK error, when the service replied. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) {
    return undefined;
  }

  return (error as SdkErrorShape).$metadata?.httpStatusCode;
}

/**
 * Returns whether an SDK error is transient: throttling, a 5xx or 429 reply,
 * a timeout, or a network error. The SDK has already retried such errors
 * with backoff (3 attempts in its standard retry mode) before it throws.
 */
export function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }

  if (THROTTLING_ERRORS.some((type) => error instanceof type)) {
    return true;
  }

  const shape = error as SdkErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) {
    return true;
  }
  if (shape.$retryable?.throttling === true) {
    return true;
  }
  if (typeof shape.code === "string" && NETWORK_ERROR_CODES.has(shape.code)) {
    return true;
  }

  return TIMEOUT_ERROR_NAMES.has(error.name);
}

/** Describes an SDK error as `Name (HTTP status): message` for messages. */
export function describeAwsError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }

  const status = httpStatusOf(error);
  const code = (error as SdkErrorShape).code;
  const label =
    typeof code === "string" && error.name === "Error" ? code : error.name;
  const statusText = status === undefined ? "" : ` (HTTP ${status})`;
  const detail = error.message === "" ? "" : `: ${error.message}`;

  return `${label}${statusText}${detail}`;
}

/**
 * Maps an SDK error to a pipeline error: `StoreUnavailableError` for
 * transient failures, `AwsStoreError` for everything else. `failure`
 * names the request and its target, as in
 * `S3 PutObject of key k in bucket b`.
 */
export function toStoreError(
  failure: string,
  error: unknown,
): StoreUnavailableError | AwsStoreError {
  const description = describeAwsError(error);

  if (isTransientAwsError(error)) {
    return new StoreUnavailableError(
      `${failure} failed after the SDK's retries (${description}); ` +
        "the service is throttling or unavailable, retry later",
      { cause: error },
    );
  }

  return new AwsStoreError(
    `${failure} failed (${description}); check that the resource exists ` +
      "and that the credentials allow the request",
    { cause: error },
  );
}
