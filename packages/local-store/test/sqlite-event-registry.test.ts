import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StoreUnavailableError } from "@axentra/core";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalStoreError, RegistrySchemaError } from "../src/errors.js";
import { toRegistryError } from "../src/sqlite-errors.js";
import { SqliteEventRegistry } from "../src/sqlite-event-registry.js";

const HASH = "3f9a0c1d2e4b5a69".padEnd(64, "0");
const OTHER_HASH = "3f9a0c1d2e4b5a69".padEnd(64, "1");
const RECEIVED_AT = new Date("2026-12-04T14:00:00.000Z");
const EVENT_ID = "3f9a0c1d2e4b5a69-1796392800";

let dir: string;
let dbPath: string;
const opened: { close(): unknown }[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "axentra-sqlite-"));
  dbPath = join(dir, "registry.sqlite");
});

afterEach(async () => {
  for (const connection of opened.splice(0)) connection.close();
  await rm(dir, { recursive: true, force: true });
});

function openRegistry(busyTimeoutMs?: number): SqliteEventRegistry {
  const registry = new SqliteEventRegistry(
    dbPath,
    busyTimeoutMs === undefined ? {} : { busyTimeoutMs },
  );
  opened.push(registry);
  return registry;
}

/** Opens a second, plain connection to the registry file, for inspection. */
function openInspector(): Database.Database {
  const db = new Database(dbPath);
  opened.push(db);
  return db;
}

function claim(registry: SqliteEventRegistry, payloadHash = HASH) {
  return registry.claim({
    payloadHash,
    eventId: EVENT_ID,
    receivedAt: RECEIVED_AT,
    claimToken: "token-1",
    leaseExpiresAt: new Date(RECEIVED_AT.getTime() + 30_000),
    now: RECEIVED_AT,
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

describe("SqliteEventRegistry schema", () => {
  it("creates the events table", () => {
    openRegistry();
    const db = openInspector();

    const columns = db.prepare("PRAGMA table_info(events)").all() as {
      name: string;
      pk: number;
    }[];

    expect(columns.map((column) => column.name)).toEqual([
      "payload_hash",
      "event_id",
      "event_type",
      "status",
      "processing_timestamp",
      "received_at",
      "s3_key",
      "processed_key",
      "routing_target",
      "rules_version",
      "duplicate_count",
      "last_seen_at",
      "lease_expires_at",
      "claim_token",
      "ttl",
    ]);
    expect(columns.filter((column) => column.pk > 0)).toEqual([
      expect.objectContaining({ name: "payload_hash" }),
    ]);
  });

  it("indexes event id and event type with time", () => {
    openRegistry();
    const db = openInspector();

    const columnsOf = (index: string) =>
      (
        db.prepare(`PRAGMA index_info(${index})`).all() as { name: string }[]
      ).map((column) => column.name);
    const unique = db.prepare("PRAGMA index_list(events)").all() as {
      name: string;
      unique: number;
    }[];

    expect(columnsOf("events_by_event_id")).toEqual(["event_id"]);
    expect(columnsOf("events_by_type_and_time")).toEqual([
      "event_type",
      "processing_timestamp",
    ]);
    expect(unique).toContainEqual(
      expect.objectContaining({ name: "events_by_event_id", unique: 1 }),
    );
  });

  it("records schema version and WAL", () => {
    openRegistry();
    const db = openInspector();

    expect(db.pragma("user_version", { simple: true })).toBe(1);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
  });

  it("keeps records across reopening", async () => {
    const first = openRegistry();
    const claimed = await claim(first);
    first.close();

    const reopened = openRegistry();

    expect(await reopened.findByHash(HASH)).toEqual(claimed.record);
  });

  it("rejects a newer schema version", () => {
    openRegistry().close();
    openInspector().pragma("user_version = 2");

    let error: unknown;
    try {
      openRegistry();
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(RegistrySchemaError);
    expect((error as Error).message).toBe(
      `registry database ${dbPath} has schema version 2, but this release ` +
        "reads only up to version 1; upgrade axentra or use another " +
        "data folder",
    );
  });

  it("stores fields in snake_case columns", async () => {
    const registry = openRegistry();
    await claim(registry);
    await registry.complete({
      payloadHash: HASH,
      claimToken: "token-1",
      eventType: "product_create",
      rawKey: `product_create/2026/12/04/${EVENT_ID}.json`,
      processedKey: `product_create/2026/12/04/${EVENT_ID}.json`,
      routingTarget: "product-service",
      rulesVersion: "9".repeat(64),
      processingTimestamp: new Date(RECEIVED_AT.getTime() + 1_500),
      ttl: 2017317600,
    });

    const row = openInspector()
      .prepare("SELECT * FROM events WHERE payload_hash = ?")
      .get(HASH);

    expect(row).toEqual({
      payload_hash: HASH,
      event_id: EVENT_ID,
      event_type: "product_create",
      status: "processed",
      processing_timestamp: "2026-12-04T14:00:01.500Z",
      received_at: "2026-12-04T14:00:00.000Z",
      s3_key: `product_create/2026/12/04/${EVENT_ID}.json`,
      processed_key: `product_create/2026/12/04/${EVENT_ID}.json`,
      routing_target: "product-service",
      rules_version: "9".repeat(64),
      duplicate_count: 0,
      last_seen_at: "2026-12-04T14:00:00.000Z",
      lease_expires_at: null,
      claim_token: null,
      ttl: 2017317600,
    });
  });
});

describe("SqliteEventRegistry errors", () => {
  it("maps a held write lock to StoreUnavailableError", async () => {
    const registry = openRegistry(0);
    const other = openInspector();
    other.exec("BEGIN IMMEDIATE");

    const error = await rejection(claim(registry));

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe(
      `failed to claim payload hash ${HASH} in ${dbPath}: SQLITE_BUSY; ` +
        "another process holds the database lock; retry later",
    );
    expect((error as Error).cause).toBeInstanceOf(Database.SqliteError);
    other.exec("ROLLBACK");
    expect((await claim(registry)).outcome).toBe("claimed");
  });

  it("reads while another process writes", async () => {
    const registry = openRegistry(0);
    await claim(registry);
    const other = openInspector();
    other.exec("BEGIN IMMEDIATE");

    const record = await registry.findByHash(HASH);

    expect(record?.eventId).toBe(EVENT_ID);
    other.exec("ROLLBACK");
  });

  it("maps SQLITE_FULL to StoreUnavailableError", () => {
    // A page cap on this connection makes SQLite report a full database
    // without filling a disk. The registry maps every SQLite error it
    // catches through toRegistryError.
    const db = openInspector();
    db.exec("CREATE TABLE filler (data BLOB)");
    db.pragma(`max_page_count = ${db.pragma("page_count", { simple: true })}`);
    let full: unknown;
    try {
      db.prepare("INSERT INTO filler VALUES (zeroblob(1000000))").run();
    } catch (caught) {
      full = caught;
    }

    const error = toRegistryError(full, `failed to claim payload hash ${HASH}`);

    expect((full as { code?: string }).code).toBe("SQLITE_FULL");
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe(
      `failed to claim payload hash ${HASH}: SQLITE_FULL; ` +
        "free disk space, then retry",
    );
    expect((error as Error).cause).toBe(full);
  });

  it("maps an event id collision to LocalStoreError", async () => {
    const registry = openRegistry();
    await claim(registry, HASH);

    const error = await rejection(claim(registry, OTHER_HASH));

    expect(error).toBeInstanceOf(LocalStoreError);
    expect(error).not.toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe(
      `failed to claim payload hash ${OTHER_HASH} in ${dbPath}: ` +
        "SQLITE_CONSTRAINT_UNIQUE (UNIQUE constraint failed: events.event_id)",
    );
    expect(await registry.findByHash(OTHER_HASH)).toBeUndefined();
  });

  it("rejects an invalid list limit", async () => {
    const registry = openRegistry();

    for (const limit of [-1, 1.5, Number.NaN]) {
      const error = await rejection(registry.list({ limit }));

      expect(error).toBeInstanceOf(LocalStoreError);
      expect((error as Error).message).toBe(
        `invalid limit ${limit}: expected a whole number of 0 or more`,
      );
    }
  });

  it("returns nothing for limit 0", async () => {
    const registry = openRegistry();

    expect(await registry.list({ limit: 0 })).toEqual([]);
  });

  it("rejects a missing folder", () => {
    const path = join(dir, "missing", "registry.sqlite");

    let error: unknown;
    try {
      new SqliteEventRegistry(path);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(LocalStoreError);
    expect((error as Error).message).toBe(
      `failed to open registry database ${path}: ` +
        `folder ${join(dir, "missing")} does not exist; create it first`,
    );
  });

  it("maps an unopenable file to StoreUnavailableError", () => {
    let error: unknown;
    try {
      new SqliteEventRegistry(dir);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe(
      `failed to open registry database ${dir}: SQLITE_CANTOPEN; ` +
        "check that the folder exists and is writable, then retry",
    );
  });
});
