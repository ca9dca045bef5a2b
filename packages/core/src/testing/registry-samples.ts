import { createHash } from "node:crypto";
import type {
  ClaimRequest,
  CompletionRequest,
  RegistryRecord,
} from "../ports.js";

/** First receipt time of the contract events. */
export const RECEIVED_AT = new Date("2026-12-04T14:00:00.000Z");

/** Lease length of the contract claims, in milliseconds. */
export const LEASE_MS = 30_000;

/** Payload hash of the event that most cases claim. */
export const HASH = payloadHashOf("contract event");

const SEVEN_YEARS_SECONDS = 7 * 365 * 24 * 60 * 60;

/** Returns the time `ms` milliseconds after `RECEIVED_AT`. */
export function at(ms: number): Date {
  return new Date(RECEIVED_AT.getTime() + ms);
}

/** Returns the SHA-256 hex digest of `label`, standing in for a payload. */
export function payloadHashOf(label: string): string {
  return createHash("sha256").update(label).digest("hex");
}

/** Returns the event id of a payload hash first received at `receivedAt`. */
export function eventIdOf(payloadHash: string, receivedAt: Date): string {
  const seconds = Math.floor(receivedAt.getTime() / 1000);
  return `${payloadHash.slice(0, 16)}-${seconds}`;
}

/**
 * Returns the claim that a delivery received at `now` makes: its own event
 * id and receipt time, and a lease of `LEASE_MS`.
 */
export function claimRequest(
  payloadHash: string,
  claimToken: string,
  now: Date,
): ClaimRequest {
  return {
    payloadHash,
    eventId: eventIdOf(payloadHash, now),
    receivedAt: now,
    claimToken,
    leaseExpiresAt: new Date(now.getTime() + LEASE_MS),
    now,
  };
}

/** Returns the completion of an event first received at `receivedAt`. */
export function completionRequest(
  payloadHash: string,
  claimToken: string,
  receivedAt: Date,
  eventType: string,
  processedAt: Date,
): CompletionRequest {
  const eventId = eventIdOf(payloadHash, receivedAt);
  const day = receivedAt.toISOString().slice(0, 10).replaceAll("-", "/");
  const key = `${eventType}/${day}/${eventId}.json`;

  return {
    payloadHash,
    claimToken,
    eventType,
    rawKey: key,
    processedKey: key,
    routingTarget: "product-service",
    rulesVersion: payloadHashOf("rules.yaml"),
    processingTimestamp: processedAt,
    ttl: Math.floor(receivedAt.getTime() / 1000) + SEVEN_YEARS_SECONDS,
  };
}

/** Returns the record that a first claim of `HASH` at `now` creates. */
export function processingRecord(
  claimToken: string,
  now: Date,
): RegistryRecord {
  const request = claimRequest(HASH, claimToken, now);

  return {
    payloadHash: HASH,
    eventId: request.eventId,
    status: "processing",
    receivedAt: request.receivedAt.toISOString(),
    claimToken,
    leaseExpiresAt: request.leaseExpiresAt.toISOString(),
    duplicateCount: 0,
    lastSeenAt: now.toISOString(),
  };
}

/** Returns the record of `HASH` after its claim and completion. */
export function processedRecord(
  receivedAt: Date,
  processedAt: Date,
): RegistryRecord {
  const completion = completionRequest(
    HASH,
    "token",
    receivedAt,
    "product_create",
    processedAt,
  );

  return {
    payloadHash: HASH,
    eventId: eventIdOf(HASH, receivedAt),
    status: "processed",
    receivedAt: receivedAt.toISOString(),
    eventType: completion.eventType,
    processingTimestamp: processedAt.toISOString(),
    rawKey: completion.rawKey,
    processedKey: completion.processedKey,
    routingTarget: completion.routingTarget,
    rulesVersion: completion.rulesVersion,
    duplicateCount: 0,
    lastSeenAt: receivedAt.toISOString(),
    ttl: completion.ttl,
  };
}
