import type {
  ClaimRequest,
  ClaimResult,
  CompletionRequest,
  EventQuery,
  EventRegistry,
  RegistryRecord,
  ReleaseRequest,
} from "@axentra/core";
import { ClaimLostError } from "@axentra/core";
import type Database from "better-sqlite3";
import { LocalStoreError } from "./errors.js";
import { type EventRow, recordToRow, rowToRecord } from "./event-row.js";
import {
  openRegistryDatabase,
  type RegistryDatabaseOptions,
} from "./registry-database.js";
import { toRegistryError } from "./sqlite-errors.js";
import { INSERT_ROUTED_EVENT, type PendingRoutes } from "./sqlite-router.js";

const SELECT_BY_HASH = "SELECT * FROM events WHERE payload_hash = ?";
const SELECT_BY_EVENT_ID = "SELECT * FROM events WHERE event_id = ?";

const INSERT = `
  INSERT INTO events (
    payload_hash, event_id, event_type, status, processing_timestamp,
    received_at, s3_key, processed_key, routing_target, rules_version,
    duplicate_count, last_seen_at, lease_expires_at, claim_token, ttl
  ) VALUES (
    @payload_hash, @event_id, @event_type, @status, @processing_timestamp,
    @received_at, @s3_key, @processed_key, @routing_target, @rules_version,
    @duplicate_count, @last_seen_at, @lease_expires_at, @claim_token, @ttl
  ) RETURNING *`;

const TAKE_OVER = `
  UPDATE events
  SET claim_token = @claim_token, lease_expires_at = @lease_expires_at,
    last_seen_at = @last_seen_at
  WHERE payload_hash = @payload_hash
  RETURNING *`;

const COUNT_DUPLICATE = `
  UPDATE events
  SET duplicate_count = duplicate_count + 1, last_seen_at = @last_seen_at
  WHERE payload_hash = @payload_hash
  RETURNING *`;

const COMPLETE = `
  UPDATE events
  SET status = 'processed', event_type = @event_type, s3_key = @s3_key,
    processed_key = @processed_key, routing_target = @routing_target,
    rules_version = @rules_version,
    processing_timestamp = @processing_timestamp, ttl = @ttl,
    claim_token = NULL, lease_expires_at = NULL
  WHERE payload_hash = @payload_hash AND status = 'processing'
    AND claim_token = @claim_token
  RETURNING *`;

const RELEASE = `
  UPDATE events
  SET claim_token = NULL, lease_expires_at = @lease_expires_at
  WHERE payload_hash = @payload_hash AND status = 'processing'
    AND claim_token = @claim_token`;

/**
 * The event registry in one SQLite file, shared safely by several
 * processes. Each claim reads and writes inside one `BEGIN IMMEDIATE`
 * transaction, which takes the database's write lock before the read, so
 * two claims of one payload hash never both see it absent.
 */
export class SqliteEventRegistry implements EventRegistry {
  /** Path of the SQLite file. */
  readonly dbPath: string;
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #claim: (request: ClaimRequest) => ClaimResult;
  readonly #complete: (request: CompletionRequest) => EventRow | undefined;
  readonly #pendingRoutes: PendingRoutes | undefined;

  /**
   * Opens or creates the registry at `dbPath`. Throws
   * `StoreUnavailableError` when the file cannot be opened and
   * `RegistrySchemaError` when a newer release wrote it.
   */
  constructor(
    dbPath: string,
    options: RegistryDatabaseOptions & { pendingRoutes?: PendingRoutes } = {},
  ) {
    this.dbPath = dbPath;
    this.#db = openRegistryDatabase(dbPath, options);
    this.#pendingRoutes = options.pendingRoutes;
    const transaction = this.#db.transaction((request: ClaimRequest) =>
      this.#decideClaim(request),
    );
    this.#claim = (request) => transaction.immediate(request);
    const completion = this.#db.transaction((request: CompletionRequest) =>
      this.#completeWithRoute(request),
    );
    this.#complete = (request) => completion.immediate(request);
  }

  /**
   * Claims `request.payloadHash` in one transaction. It creates the item
   * when absent, and takes over a processing item whose lease ended at or
   * before `request.now`, keeping its event id and receipt time. While the
   * lease runs it returns `in_progress` without a write, and it counts a
   * duplicate of a processed item.
   */
  async claim(request: ClaimRequest): Promise<ClaimResult> {
    return this.#run(
      `failed to claim payload hash ${request.payloadHash}`,
      () => this.#claim(request),
    );
  }

  /**
   * Marks the event processed when it is still processing under
   * `request.claimToken`, and clears the claim token and lease. Throws
   * `ClaimLostError`, and changes nothing, otherwise.
   */
  async complete(request: CompletionRequest): Promise<RegistryRecord> {
    const row = this.#run(
      `failed to complete payload hash ${request.payloadHash}`,
      () => this.#complete(request),
    );
    if (row === undefined) throw new ClaimLostError(request.payloadHash);

    return rowToRecord(row);
  }

  /**
   * Completes the item and, in the same transaction, records the routed
   * event the pending routes hold for it, so that an event is routed in the
   * registry exactly when it is processed, with one commit.
   */
  #completeWithRoute(request: CompletionRequest): EventRow | undefined {
    const routed = this.#pendingRoutes?.take(request.payloadHash);
    const row = this.#statement(COMPLETE).get({
      payload_hash: request.payloadHash,
      claim_token: request.claimToken,
      event_type: request.eventType,
      s3_key: request.rawKey,
      processed_key: request.processedKey,
      routing_target: request.routingTarget,
      rules_version: request.rulesVersion,
      processing_timestamp: request.processingTimestamp.toISOString(),
      ttl: request.ttl,
    }) as EventRow | undefined;
    if (row !== undefined && routed !== undefined) {
      this.#statement(INSERT_ROUTED_EVENT).run(routed);
    }

    return row;
  }

  /**
   * Ends the lease of a failed claim when `request.claimToken` still holds
   * it; returns whether it did.
   */
  async release(request: ReleaseRequest): Promise<boolean> {
    const result = this.#run(
      `failed to release the claim on payload hash ${request.payloadHash}`,
      () =>
        this.#statement(RELEASE).run({
          payload_hash: request.payloadHash,
          claim_token: request.claimToken,
          lease_expires_at: request.now.toISOString(),
        }),
    );

    return result.changes === 1;
  }

  /** Finds an item by payload hash. */
  async findByHash(payloadHash: string): Promise<RegistryRecord | undefined> {
    return this.#findOne(SELECT_BY_HASH, payloadHash, "payload hash");
  }

  /** Finds an item by event id. */
  async findByEventId(eventId: string): Promise<RegistryRecord | undefined> {
    return this.#findOne(SELECT_BY_EVENT_ID, eventId, "event id");
  }

  /**
   * Lists processed events, newest `processing_timestamp` first, filtered
   * by event type and by a processing time at or after `since`. Throws
   * `LocalStoreError` for a limit that is not a whole number of 0 or more.
   */
  async list(query: EventQuery): Promise<RegistryRecord[]> {
    const { limit } = query;
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
      throw new LocalStoreError(
        `invalid limit ${limit}: expected a whole number of 0 or more`,
      );
    }

    const conditions = ["status = 'processed'"];
    if (query.eventType !== undefined) conditions.push("event_type = @type");
    if (query.since !== undefined) {
      conditions.push("processing_timestamp >= @since");
    }
    const sql =
      `SELECT * FROM events WHERE ${conditions.join(" AND ")} ` +
      "ORDER BY processing_timestamp DESC, event_id DESC LIMIT @limit";

    const rows = this.#run("failed to list events", () =>
      this.#statement(sql).all({
        type: query.eventType,
        since: query.since?.toISOString(),
        limit: limit ?? -1,
      }),
    ) as EventRow[];
    return rows.map(rowToRecord);
  }

  /** Closes the database connection. */
  close(): void {
    this.#db.close();
  }

  /** Decides and writes one claim inside the claim transaction. */
  #decideClaim(request: ClaimRequest): ClaimResult {
    const now = request.now.toISOString();
    const row = this.#statement(SELECT_BY_HASH).get(request.payloadHash) as
      | EventRow
      | undefined;

    if (row === undefined) {
      const record: RegistryRecord = {
        payloadHash: request.payloadHash,
        eventId: request.eventId,
        status: "processing",
        receivedAt: request.receivedAt.toISOString(),
        claimToken: request.claimToken,
        leaseExpiresAt: request.leaseExpiresAt.toISOString(),
        duplicateCount: 0,
        lastSeenAt: now,
      };
      const inserted = this.#write(
        INSERT,
        request.payloadHash,
        recordToRow(record),
      );
      return { outcome: "claimed", takeover: false, record: inserted };
    }

    const existing = rowToRecord(row);
    if (existing.status === "processed") {
      const record = this.#write(COUNT_DUPLICATE, request.payloadHash, {
        payload_hash: request.payloadHash,
        last_seen_at: now,
      });
      return { outcome: "duplicate", record };
    }

    if (!leaseEnded(existing, request.now)) {
      return { outcome: "in_progress", record: existing };
    }

    const record = this.#write(TAKE_OVER, request.payloadHash, {
      payload_hash: request.payloadHash,
      claim_token: request.claimToken,
      lease_expires_at: request.leaseExpiresAt.toISOString(),
      last_seen_at: now,
    });
    return { outcome: "claimed", takeover: true, record };
  }

  /** Runs a write that returns the row of an item the claim has locked. */
  #write(sql: string, payloadHash: string, parameters: object): RegistryRecord {
    const row = this.#statement(sql).get(parameters) as EventRow | undefined;
    if (row === undefined) {
      throw new LocalStoreError(
        `registry item of payload hash ${payloadHash} ` +
          "disappeared inside its claim transaction",
      );
    }

    return rowToRecord(row);
  }

  #findOne(
    sql: string,
    value: string,
    field: string,
  ): RegistryRecord | undefined {
    const row = this.#run(`failed to find ${field} ${value}`, () =>
      this.#statement(sql).get(value),
    ) as EventRow | undefined;

    return row === undefined ? undefined : rowToRecord(row);
  }

  /** Runs `action`, mapping SQLite errors to the store errors. */
  #run<T>(failure: string, action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw toRegistryError(error, `${failure} in ${this.dbPath}`);
    }
  }

  #statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }

    return statement;
  }
}

/** Returns whether the lease of a processing item ended at or before now. */
function leaseEnded(record: RegistryRecord, now: Date): boolean {
  if (record.leaseExpiresAt === undefined) return true;

  return Date.parse(record.leaseExpiresAt) <= now.getTime();
}
