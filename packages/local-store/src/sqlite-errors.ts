import { StoreUnavailableError } from "@axentra/core";
import Database from "better-sqlite3";
import { LocalStoreError } from "./errors.js";

/**
 * Primary SQLite result codes that a retry may cure, with what to do.
 * Extended codes such as `SQLITE_IOERR_WRITE` map through their primary.
 */
const UNAVAILABLE_HINTS: Readonly<Record<string, string>> = {
  SQLITE_BUSY: "another process holds the database lock; retry later",
  SQLITE_LOCKED: "another connection holds a table lock; retry later",
  SQLITE_FULL: "free disk space, then retry",
  SQLITE_IOERR: "check the disk, then retry",
  SQLITE_READONLY: "make the database file and its folder writable, then retry",
  SQLITE_CANTOPEN: "check that the folder exists and is writable, then retry",
};

/**
 * Returns the error to throw for a failed SQLite call. A busy, locked,
 * full, I/O, read-only or cannot-open error becomes `StoreUnavailableError`,
 * and any other SQLite error becomes `LocalStoreError`. Both name `failure`
 * (what failed, on which value) and the SQLite code, and keep `error` as
 * the cause. Errors that SQLite did not raise are returned unchanged.
 */
export function toRegistryError(error: unknown, failure: string): unknown {
  if (!(error instanceof Database.SqliteError)) return error;

  const primary = error.code.split("_").slice(0, 2).join("_");
  const hint = UNAVAILABLE_HINTS[primary];
  if (hint !== undefined) {
    return new StoreUnavailableError(`${failure}: ${error.code}; ${hint}`, {
      cause: error,
    });
  }

  return new LocalStoreError(`${failure}: ${error.code} (${error.message})`, {
    cause: error,
  });
}
