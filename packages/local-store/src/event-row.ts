import type { EventStatus, RegistryRecord } from "@axentra/core";
import { LocalStoreError } from "./errors.js";

/** One row of the `events` table, with the registry field names. */
export interface EventRow {
  readonly payload_hash: string;
  readonly event_id: string;
  readonly event_type: string | null;
  readonly status: string;
  readonly processing_timestamp: string | null;
  readonly received_at: string;
  readonly s3_key: string | null;
  readonly processed_key: string | null;
  readonly routing_target: string | null;
  readonly rules_version: string | null;
  readonly duplicate_count: number;
  readonly last_seen_at: string | null;
  readonly lease_expires_at: string | null;
  readonly claim_token: string | null;
  readonly ttl: number | null;
}

const STATUSES: readonly EventStatus[] = ["processing", "processed"];

/**
 * Maps an `events` row to a registry record. SQL `NULL` becomes an absent
 * field. Throws `LocalStoreError` for a status that the registry never
 * writes.
 */
export function rowToRecord(row: EventRow): RegistryRecord {
  const status = STATUSES.find((known) => known === row.status);
  if (status === undefined) {
    throw new LocalStoreError(
      `registry row of payload hash ${row.payload_hash} has unknown status ` +
        `${JSON.stringify(row.status)}; expected processing or processed`,
    );
  }

  return {
    payloadHash: row.payload_hash,
    eventId: row.event_id,
    status,
    receivedAt: row.received_at,
    claimToken: row.claim_token ?? undefined,
    leaseExpiresAt: row.lease_expires_at ?? undefined,
    eventType: row.event_type ?? undefined,
    processingTimestamp: row.processing_timestamp ?? undefined,
    rawKey: row.s3_key ?? undefined,
    processedKey: row.processed_key ?? undefined,
    routingTarget: row.routing_target ?? undefined,
    rulesVersion: row.rules_version ?? undefined,
    duplicateCount: row.duplicate_count,
    lastSeenAt: row.last_seen_at ?? undefined,
    ttl: row.ttl ?? undefined,
  };
}

/** Maps a registry record to an `events` row. Absent fields become `NULL`. */
export function recordToRow(record: RegistryRecord): EventRow {
  return {
    payload_hash: record.payloadHash,
    event_id: record.eventId,
    event_type: record.eventType ?? null,
    status: record.status,
    processing_timestamp: record.processingTimestamp ?? null,
    received_at: record.receivedAt,
    s3_key: record.rawKey ?? null,
    processed_key: record.processedKey ?? null,
    routing_target: record.routingTarget ?? null,
    rules_version: record.rulesVersion ?? null,
    duplicate_count: record.duplicateCount,
    last_seen_at: record.lastSeenAt ?? null,
    lease_expires_at: record.leaseExpiresAt ?? null,
    claim_token: record.claimToken ?? null,
    ttl: record.ttl ?? null,
  };
}
