/** Base class of the errors thrown by the Lambda handlers. */
export class HandlerError extends Error {
  override readonly name: string = "HandlerError";
}

/**
 * The function's environment is missing a setting or has an invalid one.
 * Thrown while the module initializes, so Lambda reports a failed init
 * with this message instead of running a misconfigured function.
 */
export class HandlerConfigError extends HandlerError {
  override readonly name = "HandlerConfigError";
}

/**
 * EventBridge rejected the PutEvents entry of a delivery
 * (`FailedEntryCount` above 0). `errorCode` is the entry's error code.
 */
export class PublishError extends HandlerError {
  override readonly name = "PublishError";
  readonly errorCode: string | undefined;

  constructor(message: string, errorCode: string | undefined) {
    super(message);
    this.errorCode = errorCode;
  }
}

/**
 * The detail of a bus event cannot be turned into a delivery, for example a
 * `body_ref` without a bucket or key. Retrying the same event cannot help.
 */
export class InvalidEventError extends HandlerError {
  override readonly name = "InvalidEventError";
}
