import { join } from "node:path";
import Database from "better-sqlite3";

/** The baseline's one-table registry: one row per payload hash. */
export interface BaselineRegistry {
  /** Inserts a row; returns false when the payload hash has one already. */
  record(
    payloadHash: string,
    eventId: string,
    receivedAt: string,
    objectKey: string,
  ): boolean;
  close(): void;
}

/**
 * Opens `baseline.sqlite` in `dataDir` with the registry's durability: WAL
 * and `synchronous = FULL`, so each insert is committed and fsynced before
 * `record` returns. The statement runs synchronously, as the registry's do.
 */
export function openBaselineRegistry(dataDir: string): BaselineRegistry {
  const db = new Database(join(dataDir, "baseline.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec(`CREATE TABLE IF NOT EXISTS events (
    payload_hash TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    object_key TEXT NOT NULL
  ) STRICT`);
  const insert = db.prepare("INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?)");

  return {
    record(payloadHash, eventId, receivedAt, objectKey) {
      return (
        insert.run(payloadHash, eventId, receivedAt, objectKey).changes === 1
      );
    },
    close: () => db.close(),
  };
}
