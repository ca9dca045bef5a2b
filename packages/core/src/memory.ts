import { sha256Hex } from "./canonical.js";
import { ClaimLostError, ObjectConflictError } from "./errors.js";
import type {
  ClaimRequest,
  ClaimResult,
  CompletionRequest,
  EventQuery,
  EventRegistry,
  ObjectStore,
  PutObjectOutcome,
  RegistryRecord,
  ReleaseRequest,
  RoutedEvent,
  Router,
} from "./ports.js";

/**
 * Object store in process memory, for tests, benchmarks and `rules explain`.
 * Keeps the same never-overwrite rule as the file and S3 stores.
 */
export class MemoryObjectStore implements ObjectStore {
  private readonly objects = new Map<string, Uint8Array>();

  async putImmutable(key: string, body: Uint8Array): Promise<PutObjectOutcome> {
    const existing = this.objects.get(key);
    if (existing === undefined) {
      this.objects.set(key, new Uint8Array(body));
      return "created";
    }
    if (sha256Hex(existing) === sha256Hex(body)) {
      return "unchanged";
    }
    throw new ObjectConflictError(key);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const body = this.objects.get(key);

    return body === undefined ? undefined : new Uint8Array(body);
  }

  async *list(prefix = ""): AsyncIterable<string> {
    const keys = [...this.objects.keys()].filter((key) =>
      key.startsWith(prefix),
    );
    yield* keys.sort();
  }
}

/**
 * Event registry in process memory. Each method runs to completion without
 * awaiting, so a claim is atomic within the process.
 */
export class MemoryEventRegistry implements EventRegistry {
  private readonly records = new Map<string, RegistryRecord>();

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const existing = this.records.get(request.payloadHash);
    const now = request.now.toISOString();
    const lease = {
      claimToken: request.claimToken,
      leaseExpiresAt: request.leaseExpiresAt.toISOString(),
      lastSeenAt: now,
    };
    if (existing === undefined) {
      const record: RegistryRecord = {
        payloadHash: request.payloadHash,
        eventId: request.eventId,
        status: "processing",
        receivedAt: request.receivedAt.toISOString(),
        duplicateCount: 0,
        ...lease,
      };
      this.records.set(request.payloadHash, record);
      return { outcome: "claimed", takeover: false, record };
    }
    if (existing.status === "processed") {
      const record: RegistryRecord = {
        ...existing,
        duplicateCount: existing.duplicateCount + 1,
        lastSeenAt: now,
      };
      this.records.set(request.payloadHash, record);
      return { outcome: "duplicate", record };
    }
    const leaseEnd = Date.parse(existing.leaseExpiresAt ?? "");
    if (leaseEnd > request.now.getTime()) {
      return { outcome: "in_progress", record: existing };
    }
    const record: RegistryRecord = { ...existing, ...lease };
    this.records.set(request.payloadHash, record);

    return { outcome: "claimed", takeover: true, record };
  }

  async complete(request: CompletionRequest): Promise<RegistryRecord> {
    const existing = this.records.get(request.payloadHash);
    if (
      existing?.status !== "processing" ||
      existing.claimToken !== request.claimToken
    ) {
      throw new ClaimLostError(request.payloadHash);
    }
    const record: RegistryRecord = {
      ...existing,
      status: "processed",
      eventType: request.eventType,
      rawKey: request.rawKey,
      processedKey: request.processedKey,
      routingTarget: request.routingTarget,
      rulesVersion: request.rulesVersion,
      processingTimestamp: request.processingTimestamp.toISOString(),
      ttl: request.ttl,
      claimToken: undefined,
      leaseExpiresAt: undefined,
    };
    this.records.set(request.payloadHash, record);

    return record;
  }

  async release(request: ReleaseRequest): Promise<boolean> {
    const existing = this.records.get(request.payloadHash);
    if (
      existing?.status !== "processing" ||
      existing.claimToken !== request.claimToken
    ) {
      return false;
    }
    this.records.set(request.payloadHash, {
      ...existing,
      claimToken: undefined,
      leaseExpiresAt: request.now.toISOString(),
    });

    return true;
  }

  async findByHash(payloadHash: string): Promise<RegistryRecord | undefined> {
    return this.records.get(payloadHash);
  }

  async findByEventId(eventId: string): Promise<RegistryRecord | undefined> {
    return [...this.records.values()].find(
      (record) => record.eventId === eventId,
    );
  }

  async list(query: EventQuery): Promise<RegistryRecord[]> {
    const since = query.since?.toISOString();
    const matches = [...this.records.values()].filter(
      (record) =>
        record.status === "processed" &&
        (query.eventType === undefined ||
          record.eventType === query.eventType) &&
        (since === undefined || (record.processingTimestamp ?? "") >= since),
    );
    matches.sort((a, b) =>
      (b.processingTimestamp ?? "").localeCompare(a.processingTimestamp ?? ""),
    );

    return matches.slice(0, query.limit ?? 100);
  }
}

/** Router that keeps routed events in memory, in order. */
export class MemoryRouter implements Router {
  readonly routed: RoutedEvent[] = [];

  async route(event: RoutedEvent): Promise<void> {
    this.routed.push(event);
  }
}
