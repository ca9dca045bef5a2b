import { PipelineError } from "@axentra/core";

/**
 * Base class of the errors raised by the AWS store for failures that are
 * not transient: a missing bucket or table, denied access, a table with a
 * different schema, an invalid configuration. Transient failures raise the
 * core `StoreUnavailableError` instead. The SDK error is kept as `cause`.
 */
export class AwsStoreError extends PipelineError {
  override readonly name: string = "AwsStoreError";
}
