import {
  ClaimLostError,
  EventInProgressError,
  InvalidPayloadError,
  StoreUnavailableError,
} from "./errors.js";
import type { IngestResult } from "./pipeline.js";

/** Default limit on a webhook body, in bytes (1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** A receiver's HTTP response, independent of the HTTP framework. */
export interface ReceiverResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
  /** Outcome name for logs and metrics. */
  readonly outcome: string;
}

function errorBody(code: string, message: string, extra: object = {}) {
  return { error: { code, message, ...extra } };
}

/** 202 for a new event, 200 for a duplicate. */
export function acceptedResponse(result: IngestResult): ReceiverResponse {
  return {
    status: result.duplicate ? 200 : 202,
    headers: {},
    body: {
      event_id: result.event.eventId,
      event_type: result.event.eventType,
      routing_target: result.event.routingTarget,
      duplicate: result.duplicate,
    },
    outcome: result.duplicate ? "duplicate" : "created",
  };
}

/** 401 without any detail that would help guessing. */
export function unauthorizedResponse(): ReceiverResponse {
  return {
    status: 401,
    headers: {},
    body: errorBody("unauthorized", "missing or invalid credentials"),
    outcome: "unauthorized",
  };
}

/** 413 naming the limit. */
export function payloadTooLargeResponse(limitBytes: number): ReceiverResponse {
  return {
    status: 413,
    headers: {},
    body: errorBody(
      "payload_too_large",
      `body exceeds the limit of ${limitBytes} bytes`,
      { limit_bytes: limitBytes },
    ),
    outcome: "too_large",
  };
}

/**
 * Tells whether a Content-Type header names JSON in UTF-8:
 * `application/json` or `application/*+json`, with no charset or `utf-8`.
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) {
    return false;
  }
  const [mediaType = "", ...parameters] = contentType
    .toLowerCase()
    .split(";")
    .map((part) => part.trim());
  const isJson =
    mediaType === "application/json" ||
    /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
  const charset = parameters.find((parameter) =>
    parameter.startsWith("charset="),
  );

  return (
    isJson && (charset === undefined || /^charset="?utf-8"?$/.test(charset))
  );
}

/** Tells whether a Content-Encoding header leaves the body as sent. */
export function isIdentityEncoding(
  contentEncoding: string | undefined,
): boolean {
  return (
    contentEncoding === undefined ||
    contentEncoding.trim() === "" ||
    contentEncoding.trim().toLowerCase() === "identity"
  );
}

/**
 * 415 naming the content encoding that was sent: the raw audit record keeps
 * the body as received, so compressed bodies are not accepted.
 */
export function unsupportedEncodingResponse(
  contentEncoding: string | undefined,
): ReceiverResponse {
  return {
    status: 415,
    headers: {},
    body: errorBody(
      "unsupported_content_encoding",
      `content encoding ${JSON.stringify(contentEncoding ?? "")} is not accepted; send the body uncompressed`,
    ),
    outcome: "unsupported_media_type",
  };
}

/** 415 naming the content type that was sent. */
export function unsupportedMediaTypeResponse(
  contentType: string | undefined,
): ReceiverResponse {
  const received =
    contentType === undefined ? "missing" : JSON.stringify(contentType);
  return {
    status: 415,
    headers: {},
    body: errorBody(
      "unsupported_media_type",
      `content type ${received} is not accepted; send application/json in UTF-8`,
    ),
    outcome: "unsupported_media_type",
  };
}

/**
 * Maps a pipeline error to its response: 400 for an invalid payload, 409 with
 * Retry-After while another delivery holds the claim, 503 with Retry-After
 * for store failures and a lost claim, and 500 for anything else, such as an
 * `ObjectConflictError`, which needs an operator rather than a retry.
 */
export function errorResponse(error: unknown): ReceiverResponse {
  if (error instanceof InvalidPayloadError) {
    const position =
      error.line === undefined
        ? {}
        : { line: error.line, column: error.column, offset: error.offset };
    return {
      status: 400,
      headers: {},
      body: errorBody(error.code, error.message, position),
      outcome: "rejected",
    };
  }
  if (error instanceof EventInProgressError) {
    return {
      status: 409,
      headers: { "retry-after": String(error.retryAfterSeconds) },
      body: errorBody(
        "in_progress",
        `event ${error.record.eventId} is being processed; retry in ${error.retryAfterSeconds} s`,
        { event_id: error.record.eventId },
      ),
      outcome: "in_progress",
    };
  }
  if (
    error instanceof StoreUnavailableError ||
    error instanceof ClaimLostError
  ) {
    const retryAfter =
      error instanceof StoreUnavailableError ? error.retryAfterSeconds : 1;
    return {
      status: 503,
      headers: { "retry-after": String(retryAfter) },
      body: errorBody(
        "unavailable",
        "the event store is unavailable; retry later",
      ),
      outcome: "unavailable",
    };
  }

  return {
    status: 500,
    headers: {},
    body: errorBody("internal_error", "the delivery failed; retry later"),
    outcome: "failed",
  };
}
