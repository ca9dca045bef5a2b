import type { RoutedEvent, Router } from "@axentra/core";
import type Database from "better-sqlite3";
import {
  openRegistryDatabase,
  type RegistryDatabaseOptions,
} from "./registry-database.js";
import { toRegistryError } from "./sqlite-errors.js";

/** One routed event, as recorded by `SqliteRouter`. */
export interface RoutedEventRecord {
  readonly eventId: string;
  readonly routingTarget: string;
  /** ISO time of the first routing of the event to this target. */
  readonly routedAt: string;
  readonly processedKey: string;
}

/** Options of a SQLite router. */
export interface SqliteRouterOptions extends RegistryDatabaseOptions {
  /** Clock of `routedAt`, the system clock unless a test fixes the time. */
  readonly clock?: () => Date;
  /**
   * Holds routed events until the registry completes their event and
   * records them in the same transaction (an outbox), instead of writing
   * them at once. `openLocalStore` sets it.
   */
  readonly deferred?: boolean;
}

/** Routed events waiting for their event's completion, by payload hash. */
export interface PendingRoutes {
  /** Removes and returns the routed event of a payload hash, if any. */
  take(payloadHash: string): RoutedEventRow | undefined;
}

/** A row of the `routed_events` table. */
export interface RoutedEventRow {
  readonly event_id: string;
  readonly routing_target: string;
  readonly routed_at: string;
  readonly processed_key: string;
}

/** Inserts a routed event; a repeat of the same event and target keeps the first row. */
export const INSERT_ROUTED_EVENT = `
  INSERT INTO routed_events (event_id, routing_target, routed_at, processed_key)
  VALUES (@event_id, @routing_target, @routed_at, @processed_key)
  ON CONFLICT (event_id, routing_target) DO NOTHING`;

const SELECT_ALL =
  "SELECT * FROM routed_events ORDER BY routed_at, event_id, routing_target";

const SELECT_BY_EVENT_ID =
  "SELECT * FROM routed_events WHERE event_id = ? " +
  "ORDER BY routed_at, routing_target";

/**
 * The embedded router: records each routed event in the `routed_events`
 * table of the registry database, where the routing target's owner or the
 * CLI reads it. Routing an event to the same target again keeps the first
 * row, so a retried route is harmless.
 */
export class SqliteRouter implements Router, PendingRoutes {
  /** Path of the SQLite file. */
  readonly dbPath: string;
  readonly #db: Database.Database;
  readonly #clock: () => Date;
  readonly #deferred: boolean;
  readonly #pending = new Map<string, RoutedEventRow>();

  /**
   * Opens or creates the database at `dbPath`. Throws
   * `StoreUnavailableError` when the file cannot be opened.
   */
  constructor(dbPath: string, options: SqliteRouterOptions = {}) {
    this.dbPath = dbPath;
    this.#db = openRegistryDatabase(dbPath, options);
    this.#clock = options.clock ?? (() => new Date());
    this.#deferred = options.deferred ?? false;
  }

  /**
   * Records `event` as routed to its routing target, or, when deferred,
   * keeps it for the completion of its event.
   */
  async route(event: RoutedEvent): Promise<void> {
    const row: RoutedEventRow = {
      event_id: event.eventId,
      routing_target: event.routingTarget,
      routed_at: this.#clock().toISOString(),
      processed_key: event.processedKey,
    };
    if (this.#deferred) {
      this.#pending.set(event.payloadHash, row);
      return;
    }

    this.#run(`failed to record routed event ${event.eventId}`, () =>
      this.#db.prepare(INSERT_ROUTED_EVENT).run(row),
    );
  }

  take(payloadHash: string): RoutedEventRow | undefined {
    const row = this.#pending.get(payloadHash);
    this.#pending.delete(payloadHash);

    return row;
  }

  /**
   * Lists routed events, oldest first: all of them, or those of `eventId`.
   */
  async listRouted(eventId?: string): Promise<RoutedEventRecord[]> {
    const rows = this.#run("failed to list routed events", () =>
      eventId === undefined
        ? this.#db.prepare(SELECT_ALL).all()
        : this.#db.prepare(SELECT_BY_EVENT_ID).all(eventId),
    ) as RoutedEventRow[];

    return rows.map((row) => ({
      eventId: row.event_id,
      routingTarget: row.routing_target,
      routedAt: row.routed_at,
      processedKey: row.processed_key,
    }));
  }

  /** Closes the database connection. */
  close(): void {
    this.#db.close();
  }

  #run<T>(failure: string, action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw toRegistryError(error, `${failure} in ${this.dbPath}`);
    }
  }
}
