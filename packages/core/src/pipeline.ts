import { randomUUID } from "node:crypto";
import type { Rules } from "@axentra/rules";
import { hashPayload } from "./canonical.js";
import { EventInProgressError, ObjectConflictError } from "./errors.js";
import type { JsonObject } from "./json-number.js";
import { parseJson, parsePayload } from "./json-parse.js";
import { eventIdFor, retentionTtl } from "./keys.js";
import type {
  EventRegistry,
  ObjectStore,
  RegistryRecord,
  Router,
} from "./ports.js";
import {
  buildProcessedDocument,
  type PreparedEvent,
  prepareEvent,
} from "./prepare.js";
import { serializeJson } from "./serialize.js";

/** Default lease of a claim: a crashed attempt blocks retries this long. */
export const DEFAULT_LEASE_SECONDS = 30;

/**
 * Longest Retry-After for a delivery that finds the payload in progress.
 * Processing takes milliseconds, so a short wait usually finds it done; a
 * retry of a crashed claim gets 409 again until the lease ends.
 */
export const IN_PROGRESS_RETRY_SECONDS = 2;

const JSON_OBJECT = { contentType: "application/json" } as const;

/** Stores and settings of a pipeline. */
export interface PipelineOptions {
  readonly rules: Rules;
  readonly rawStore: ObjectStore;
  readonly processedStore: ObjectStore;
  readonly registry: EventRegistry;
  readonly router: Router;
  /** Clock of the pipeline. Tests pass a fixed or advancing one. */
  readonly now?: () => Date;
  /** Lease of a claim in seconds. It must exceed the longest processing time. */
  readonly leaseSeconds?: number;
  /** Creates the random token that identifies a claim. */
  readonly newClaimToken?: () => string;
  /** Maximum nesting of a payload. */
  readonly maxDepth?: number;
}

/** One delivery: the body as received and the time of its first receipt. */
export interface Delivery {
  readonly body: Uint8Array;
  /** Receipt time, by default the pipeline clock's time. */
  readonly receivedAt?: Date;
}

/** The registered event a delivery resolved to. */
export interface EventSummary {
  readonly eventId: string;
  readonly eventType: string;
  readonly payloadHash: string;
  readonly routingTarget: string;
  readonly rawKey: string;
  readonly processedKey: string;
  readonly receivedAt: string;
  readonly duplicateCount: number;
}

/** Outcome of a delivery that the pipeline accepted. */
export interface IngestResult {
  /** True when the payload was processed before. */
  readonly duplicate: boolean;
  /** True when this delivery took over the expired claim of a crashed one. */
  readonly takeover: boolean;
  readonly event: EventSummary;
  /** Number of fields stripped; 0 for a duplicate. */
  readonly strippedFieldCount: number;
}

/** The ingestion pipeline bound to its stores. */
export interface Pipeline {
  /**
   * Runs a delivery through the pipeline. Throws `InvalidPayloadError`
   * before anything is written and `EventInProgressError` when another
   * delivery has the claim. Store errors (`StoreUnavailableError`,
   * `ClaimLostError`) release the claim, so a retry takes over at once;
   * an `ObjectConflictError` needs an operator.
   */
  ingest(delivery: Delivery): Promise<IngestResult>;
  readonly rules: Rules;
}

function summarize(record: RegistryRecord): EventSummary {
  return {
    eventId: record.eventId,
    eventType: record.eventType ?? "",
    payloadHash: record.payloadHash,
    routingTarget: record.routingTarget ?? "",
    rawKey: record.rawKey ?? "",
    processedKey: record.processedKey ?? "",
    receivedAt: record.receivedAt,
    duplicateCount: record.duplicateCount,
  };
}

/** Seconds until a lease ends, at least 1. */
function secondsUntil(leaseExpiresAt: string | undefined, now: Date): number {
  const end =
    leaseExpiresAt === undefined ? now.getTime() : Date.parse(leaseExpiresAt);

  return Math.max(1, Math.ceil((end - now.getTime()) / 1000));
}

/**
 * Writes an object during a takeover. A crashed attempt may have written the
 * key already: raw bytes of the same payload (possibly formatted otherwise)
 * or a processed document of the same event, with its own `processed_at`
 * and possibly older rules. Such an object is kept as it is and returned, so
 * the event stays what was first written; anything else is a real conflict.
 */
async function putAfterCrash(
  store: ObjectStore,
  key: string,
  body: Uint8Array,
  isSameEvent: (existing: Uint8Array) => boolean,
): Promise<Uint8Array | undefined> {
  try {
    await store.putImmutable(key, body, JSON_OBJECT);
    return undefined;
  } catch (error) {
    if (!(error instanceof ObjectConflictError)) {
      throw error;
    }
    const existing = await store.get(key);
    if (existing !== undefined && isSameEvent(existing)) {
      return existing;
    }
    throw error;
  }
}

function isRawOf(payloadHash: string): (existing: Uint8Array) => boolean {
  return (existing) => {
    try {
      return hashPayload(parsePayload(existing)) === payloadHash;
    } catch {
      return false;
    }
  };
}

/** Reads the metadata of a stored processed document, or undefined. */
function metadataOf(document: Uint8Array): Record<string, unknown> | undefined {
  try {
    const parsed = parseJson(new TextDecoder().decode(document));
    return (parsed as { metadata?: Record<string, unknown> }).metadata;
  } catch {
    return undefined;
  }
}

function isProcessedOf(
  prepared: PreparedEvent,
): (existing: Uint8Array) => boolean {
  return (existing) => {
    const metadata = metadataOf(existing);
    return (
      metadata?.event_id === prepared.eventId &&
      metadata.payload_hash === prepared.payloadHash
    );
  };
}

/** Creates the pipeline: hash, claim, detect, store raw, strip, enrich, store processed, route, complete. */
export function createPipeline(options: PipelineOptions): Pipeline {
  const { rules, rawStore, processedStore, registry, router } = options;
  const now = options.now ?? (() => new Date());
  const leaseMs = (options.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000;
  const newClaimToken = options.newClaimToken ?? randomUUID;
  const parseOptions =
    options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth };

  async function ingest(delivery: Delivery): Promise<IngestResult> {
    const payload = parsePayload(delivery.body, parseOptions);
    const payloadHash = hashPayload(payload);
    const receivedAt = delivery.receivedAt ?? now();

    const claimedAt = now();
    const claimToken = newClaimToken();
    const claim = await registry.claim({
      payloadHash,
      eventId: eventIdFor(payloadHash, receivedAt),
      receivedAt,
      claimToken,
      leaseExpiresAt: new Date(claimedAt.getTime() + leaseMs),
      now: claimedAt,
    });
    if (claim.outcome === "duplicate") {
      return {
        duplicate: true,
        takeover: false,
        event: summarize(claim.record),
        strippedFieldCount: 0,
      };
    }
    if (claim.outcome === "in_progress") {
      const wait = secondsUntil(claim.record.leaseExpiresAt, claimedAt);
      throw new EventInProgressError(
        claim.record,
        Math.min(wait, IN_PROGRESS_RETRY_SECONDS),
      );
    }

    try {
      return await processClaimed(delivery.body, payload, claim, claimToken);
    } catch (error) {
      // Ending the lease lets a retry take over at once. If the release fails
      // too, the lease still ends on its own.
      await registry
        .release({ payloadHash, claimToken, now: now() })
        .catch(() => false);
      throw error;
    }
  }

  /** Runs the steps after a successful claim: detect, store, route, complete. */
  async function processClaimed(
    body: Uint8Array,
    payload: JsonObject,
    claim: { readonly takeover: boolean; readonly record: RegistryRecord },
    claimToken: string,
  ): Promise<IngestResult> {
    const payloadHash = claim.record.payloadHash;
    // A takeover keeps the event id and receipt time of the first attempt,
    // so it rewrites the same keys.
    const firstReceipt = new Date(claim.record.receivedAt);
    const prepared = prepareEvent(
      rules,
      payload,
      payloadHash,
      claim.record.eventId,
      firstReceipt,
    );
    const document = buildProcessedDocument(
      prepared,
      rules,
      firstReceipt,
      now(),
    );
    const key = prepared.objectKey;

    const documentText = serializeJson(document);
    const processedBytes = new TextEncoder().encode(`${documentText}\n`);
    // What was written first defines the event: a reused processed
    // document keeps its routing target and rules version.
    let written = {
      documentText,
      routingTarget: prepared.routingTarget,
      rulesVersion: rules.version,
    };
    if (claim.takeover) {
      const [, existing] = await Promise.all([
        putAfterCrash(rawStore, key, body, isRawOf(payloadHash)),
        putAfterCrash(
          processedStore,
          key,
          processedBytes,
          isProcessedOf(prepared),
        ),
      ]);
      const metadata = existing && metadataOf(existing);
      if (existing !== undefined && metadata !== undefined) {
        written = {
          documentText: new TextDecoder().decode(existing).trimEnd(),
          routingTarget: String(metadata.routing_target),
          rulesVersion: String(metadata.rules_version),
        };
      }
    } else {
      await Promise.all([
        rawStore.putImmutable(key, body, JSON_OBJECT),
        processedStore.putImmutable(key, processedBytes, JSON_OBJECT),
      ]);
    }

    // Routing comes before completion: a crash between the two leaves the
    // claim to be taken over and the event routed again (at least once,
    // consumers deduplicate by event id) instead of completed and never routed.
    await router.route({
      eventId: prepared.eventId,
      eventType: prepared.eventType,
      payloadHash,
      routingTarget: written.routingTarget,
      rawKey: key,
      processedKey: key,
      document: written.documentText,
    });
    const record = await registry.complete({
      payloadHash,
      claimToken,
      eventType: prepared.eventType,
      rawKey: key,
      processedKey: key,
      routingTarget: written.routingTarget,
      rulesVersion: written.rulesVersion,
      processingTimestamp: now(),
      ttl: retentionTtl(firstReceipt),
    });

    return {
      duplicate: false,
      takeover: claim.takeover,
      event: summarize(record),
      strippedFieldCount: prepared.strippedFields.length,
    };
  }

  return { ingest, rules };
}
