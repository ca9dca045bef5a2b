import { existsSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { LocalStoreError, RegistrySchemaError } from "./errors.js";
import { toRegistryError } from "./sqlite-errors.js";

/** Default time a statement waits for another process's lock, in ms. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** Options of a registry database connection. */
export interface RegistryDatabaseOptions {
  /**
   * Time a statement waits for a lock held by another connection before it
   * fails with SQLITE_BUSY, in milliseconds. Defaults to 5,000.
   */
  readonly busyTimeoutMs?: number;
}

/** Schema migrations: entry `i` turns version `i` into version `i + 1`. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    payload_hash TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT,
    status TEXT NOT NULL CHECK (status IN ('processing', 'processed')),
    processing_timestamp TEXT,
    received_at TEXT NOT NULL,
    s3_key TEXT,
    processed_key TEXT,
    routing_target TEXT,
    rules_version TEXT,
    duplicate_count INTEGER NOT NULL DEFAULT 0,
    last_seen_at TEXT,
    lease_expires_at TEXT,
    claim_token TEXT,
    ttl INTEGER
  ) STRICT;
  CREATE UNIQUE INDEX events_by_event_id ON events (event_id);
  CREATE INDEX events_by_type_and_time
    ON events (event_type, processing_timestamp);
  CREATE INDEX events_by_time ON events (processing_timestamp);

  CREATE TABLE routed_events (
    event_id TEXT NOT NULL,
    routing_target TEXT NOT NULL,
    routed_at TEXT NOT NULL,
    processed_key TEXT NOT NULL,
    PRIMARY KEY (event_id, routing_target)
  ) STRICT;
  `,
];

/** Schema version that this release writes, kept in `PRAGMA user_version`. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens the registry database at `dbPath`, creating the file when it does
 * not exist, and brings its schema to `SCHEMA_VERSION`. The connection uses
 * WAL, so readers do not block the writer, and `synchronous = FULL`, so a
 * committed claim survives a power loss. Throws `LocalStoreError` when the
 * folder does not exist, `StoreUnavailableError` when the file cannot be
 * opened or is locked past the busy timeout, and `RegistrySchemaError` when
 * a newer release wrote it.
 */
export function openRegistryDatabase(
  dbPath: string,
  options: RegistryDatabaseOptions = {},
): Database.Database {
  const timeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const folder = dirname(dbPath);
  if (!existsSync(folder)) {
    throw new LocalStoreError(
      `failed to open registry database ${dbPath}: folder ${folder} does ` +
        "not exist; create it first",
    );
  }

  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { timeout });
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    migrate(db, dbPath);

    return db;
  } catch (error) {
    db?.close();
    throw toRegistryError(error, `failed to open registry database ${dbPath}`);
  }
}

/**
 * Applies the missing migrations in one `BEGIN IMMEDIATE` transaction, so
 * two processes that open a new file at once migrate it once.
 */
function migrate(db: Database.Database, dbPath: string): void {
  const run = db.transaction(() => {
    const version = Number(db.pragma("user_version", { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new RegistrySchemaError(dbPath, version, SCHEMA_VERSION);
    }

    for (const migration of MIGRATIONS.slice(version)) db.exec(migration);
    if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });

  run.immediate();
}
