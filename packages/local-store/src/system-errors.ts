import { StoreUnavailableError } from "@axentra/core";

/** A Node.js system error, such as ENOSPC from a write. */
export interface SystemError extends Error {
  readonly code: string;
  readonly syscall?: string;
}

/** Returns whether `error` is a Node.js system error, optionally of `code`. */
export function isSystemError(
  error: unknown,
  code?: string,
): error is SystemError {
  if (!(error instanceof Error)) return false;

  const actual = (error as { code?: unknown }).code;
  if (typeof actual !== "string" || !actual.startsWith("E")) return false;
  return code === undefined || actual === code;
}

const HINTS: Readonly<Record<string, string>> = {
  ENOSPC: "free disk space, then retry",
  EDQUOT: "free disk space or raise the disk quota, then retry",
  EROFS: "mount the file system read-write, then retry",
  EACCES: "check the folder's permissions, then retry",
  EPERM: "check the folder's permissions, then retry",
  EMFILE: "close files or raise the open file limit, then retry",
  ENFILE: "close files or raise the open file limit, then retry",
};

/**
 * Returns `error` as a `StoreUnavailableError` when it is a system error,
 * with `failure` (what failed, on which object) and the error code in the
 * message and `error` as the cause. Returns any other error unchanged.
 */
export function toStoreUnavailable(error: unknown, failure: string): unknown {
  if (!isSystemError(error)) return error;

  const hint = HINTS[error.code] ?? "retry later";
  return new StoreUnavailableError(`${failure}: ${error.code}; ${hint}`, {
    cause: error,
  });
}
