import { PipelineError } from "@axentra/core";

/** Base class of the errors thrown by the embedded store. */
export class LocalStoreError extends PipelineError {
  override readonly name: string = "LocalStoreError";
}

/** The file object store cannot keep an object under this key. */
export class InvalidObjectKeyError extends LocalStoreError {
  override readonly name = "InvalidObjectKeyError";
  readonly key: string;
  /** The rule that the key breaks. */
  readonly reason: string;

  constructor(key: string, reason: string, options?: ErrorOptions) {
    super(`invalid object key ${JSON.stringify(key)}: ${reason}`, options);
    this.key = key;
    this.reason = reason;
  }
}

/**
 * The registry database was written by a newer release, with a schema
 * version that this release does not know.
 */
export class RegistrySchemaError extends LocalStoreError {
  override readonly name = "RegistrySchemaError";
  readonly dbPath: string;
  readonly schemaVersion: number;

  constructor(dbPath: string, schemaVersion: number, supported: number) {
    super(
      `registry database ${dbPath} has schema version ${schemaVersion}, ` +
        `but this release reads only up to version ${supported}; ` +
        "upgrade axentra or use another data folder",
    );
    this.dbPath = dbPath;
    this.schemaVersion = schemaVersion;
  }
}
