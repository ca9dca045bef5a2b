/**
 * Store interfaces (ports) of the pipeline. The embedded store implements
 * them with files and SQLite, the AWS store with S3 and DynamoDB.
 */

/** Outcome of an immutable object write. */
export type PutObjectOutcome = "created" | "unchanged";

/** Options of an immutable object write. */
export interface PutObjectOptions {
  /** MIME type stored with the object, `application/json` for events. */
  readonly contentType: string;
}

/**
 * A bucket of immutable objects addressed by key
 * (`{event_type}/{YYYY}/{MM}/{DD}/{event_id}.json`).
 */
export interface ObjectStore {
  /**
   * Writes `body` under `key` unless the key exists. Returns `created` for a
   * new object and `unchanged` when an object with the same SHA-256 is
   * already there. Throws `ObjectConflictError` when the existing object
   * differs, and `StoreUnavailableError` for transient failures.
   */
  putImmutable(
    key: string,
    body: Uint8Array,
    options: PutObjectOptions,
  ): Promise<PutObjectOutcome>;

  /** Reads an object, or returns `undefined` when the key does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;

  /** Lists keys that start with `prefix`, in lexicographic order. */
  list(prefix?: string): AsyncIterable<string>;
}

/** Registry status of an event. */
export type EventStatus = "processing" | "processed";

/**
 * One registry item, keyed by payload hash. Times are ISO 8601 strings in
 * UTC except `ttl`, which is epoch seconds.
 */
export interface RegistryRecord {
  readonly payloadHash: string;
  readonly eventId: string;
  readonly status: EventStatus;
  /** ISO time of the first receipt; the event id and keys derive from it. */
  readonly receivedAt: string;
  /** Token of the delivery that owns the claim while processing. */
  readonly claimToken?: string | undefined;
  /** ISO time after which a processing claim may be taken over. */
  readonly leaseExpiresAt?: string | undefined;
  readonly eventType?: string | undefined;
  /** ISO time at which processing completed. */
  readonly processingTimestamp?: string | undefined;
  /** Key of the raw audit object. */
  readonly rawKey?: string | undefined;
  /** Key of the processed object. */
  readonly processedKey?: string | undefined;
  readonly routingTarget?: string | undefined;
  /** Version (content hash) of the rules that processed the event. */
  readonly rulesVersion?: string | undefined;
  /** Number of later deliveries resolved as duplicates of this event. */
  readonly duplicateCount: number;
  /** ISO time of the latest delivery of this payload. */
  readonly lastSeenAt?: string | undefined;
  /** Expiry in epoch seconds: seven years after the first receipt. */
  readonly ttl?: number | undefined;
}

/** Request for the atomic claim of a payload hash. */
export interface ClaimRequest {
  readonly payloadHash: string;
  /** Event id to use if this delivery creates the item. */
  readonly eventId: string;
  /** Receipt time to use if this delivery creates the item. */
  readonly receivedAt: Date;
  /** Random token that identifies this delivery's claim. */
  readonly claimToken: string;
  /** Lease end written with the claim. */
  readonly leaseExpiresAt: Date;
  /** Current time, compared with the lease of an existing claim. */
  readonly now: Date;
}

/**
 * Result of a claim. `claimed` means this delivery owns the event, with
 * `takeover` set when it replaced an expired lease (the record then keeps
 * the first event id and receipt time). `duplicate` means the event was
 * processed before; the registry has counted this delivery. `in_progress`
 * means another delivery holds an unexpired lease.
 */
export type ClaimResult =
  | {
      readonly outcome: "claimed";
      readonly takeover: boolean;
      readonly record: RegistryRecord;
    }
  | { readonly outcome: "duplicate"; readonly record: RegistryRecord }
  | { readonly outcome: "in_progress"; readonly record: RegistryRecord };

/** Fields written when the claim holder completes the event. */
export interface CompletionRequest {
  readonly payloadHash: string;
  readonly claimToken: string;
  readonly eventType: string;
  readonly rawKey: string;
  readonly processedKey: string;
  readonly routingTarget: string;
  readonly rulesVersion: string;
  readonly processingTimestamp: Date;
  /** Expiry in epoch seconds. */
  readonly ttl: number;
}

/** Request to give up a claim after a failed attempt. */
export interface ReleaseRequest {
  readonly payloadHash: string;
  readonly claimToken: string;
  /** Current time: the lease ends now, so the next delivery takes over. */
  readonly now: Date;
}

/** Filter of a registry listing. */
export interface EventQuery {
  readonly eventType?: string | undefined;
  /** Only events processed at or after this time. */
  readonly since?: Date | undefined;
  readonly limit?: number | undefined;
}

/** The event registry: one item per payload hash. */
export interface EventRegistry {
  /**
   * Claims `payloadHash` with one atomic conditional write. A duplicate
   * increments `duplicateCount` and sets `lastSeenAt` before returning.
   */
  claim(request: ClaimRequest): Promise<ClaimResult>;

  /**
   * Marks the event processed, conditioned on the claim token. Throws
   * `ClaimLostError` when another delivery took the claim over.
   */
  complete(request: CompletionRequest): Promise<RegistryRecord>;

  /**
   * Ends the lease of a claim that failed, conditioned on the claim token, so
   * that a retry takes the event over at once instead of after the lease.
   * The item keeps its event id and receipt time. Returns false when the
   * claim is no longer held (completed, or taken over).
   */
  release(request: ReleaseRequest): Promise<boolean>;

  /** Finds an item by payload hash. */
  findByHash(payloadHash: string): Promise<RegistryRecord | undefined>;

  /** Finds an item by event id. */
  findByEventId(eventId: string): Promise<RegistryRecord | undefined>;

  /** Lists processed events, newest first. */
  list(query: EventQuery): Promise<RegistryRecord[]>;
}

/** An event handed to its routing target. */
export interface RoutedEvent {
  readonly eventId: string;
  readonly eventType: string;
  readonly payloadHash: string;
  readonly routingTarget: string;
  readonly processedKey: string;
  readonly rawKey: string;
  /** The processed document, serialized as JSON. */
  readonly document: string;
}

/** Delivers processed events to their routing targets. */
export interface Router {
  route(event: RoutedEvent): Promise<void>;
}
