import type { RegistryRecord } from "./ports.js";

/** Base class of the errors thrown by the core pipeline and its stores. */
export class PipelineError extends Error {
  override readonly name: string = "PipelineError";
}

/** Code of a rejected payload, sent to clients in `error.code`. */
export type InvalidPayloadCode =
  | "empty_body"
  | "invalid_utf8"
  | "invalid_json"
  | "duplicate_key"
  | "nesting_too_deep"
  | "not_an_object";

/**
 * The delivery is not a JSON object the pipeline accepts. Nothing was
 * written. `offset` is the character offset of the problem, with its 1-based
 * `line` and `column`, when it has a position.
 */
export class InvalidPayloadError extends PipelineError {
  override readonly name = "InvalidPayloadError";
  readonly code: InvalidPayloadCode;
  readonly offset: number | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    code: InvalidPayloadCode,
    message: string,
    position?: { offset: number; line: number; column: number },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.code = code;
    this.offset = position?.offset;
    this.line = position?.line;
    this.column = position?.column;
  }
}

/**
 * Another delivery of the same payload holds an unexpired lease. The caller
 * retries after `retryAfterSeconds`.
 */
export class EventInProgressError extends PipelineError {
  override readonly name = "EventInProgressError";
  readonly record: RegistryRecord;
  readonly retryAfterSeconds: number;

  constructor(record: RegistryRecord, retryAfterSeconds: number) {
    super(
      `event ${record.eventId} (payload hash ${record.payloadHash}) is being ` +
        `processed by another delivery; retry in ${retryAfterSeconds} s`,
    );
    // The claim token identifies another delivery's claim; it has no use
    // to the caller and must not reach logs that print the error.
    const { claimToken: _claimToken, ...withoutToken } = record;
    this.record = withoutToken;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** An object exists under the key with different content. */
export class ObjectConflictError extends PipelineError {
  override readonly name = "ObjectConflictError";
  readonly key: string;

  constructor(key: string, options?: ErrorOptions) {
    super(
      `object ${key} already exists with different content; ` +
        "stored objects are never overwritten",
      options,
    );
    this.key = key;
  }
}

/**
 * The claim token does not match a processing registry item: the lease
 * expired and another delivery took the event over, or the event is already
 * complete.
 */
export class ClaimLostError extends PipelineError {
  override readonly name = "ClaimLostError";
  readonly payloadHash: string;

  constructor(payloadHash: string, options?: ErrorOptions) {
    super(
      `claim on payload hash ${payloadHash} is not held by this delivery: ` +
        "its lease expired and another delivery took it over, or the event " +
        "is already complete",
      options,
    );
    this.payloadHash = payloadHash;
  }
}

/**
 * A store failed in a way that a later retry may fix: throttling, a 5xx, a
 * locked database, a full disk. The cause is kept.
 */
export class StoreUnavailableError extends PipelineError {
  override readonly name = "StoreUnavailableError";
  readonly retryAfterSeconds: number;

  constructor(
    message: string,
    options?: ErrorOptions & { retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 1;
  }
}
