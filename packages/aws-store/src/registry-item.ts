import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { RegistryRecord } from "@axentra/core";
import { AwsStoreError } from "./errors.js";

/** A registry item as DynamoDB returns it. */
export type RegistryItem = Record<string, AttributeValue>;

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Attribute names of a registry item, by record field. */
export const ATTRIBUTE = {
  payloadHash: "payload_hash",
  eventId: "event_id",
  eventType: "event_type",
  status: "status",
  processingTimestamp: "processing_timestamp",
  receivedAt: "received_at",
  rawKey: "s3_key",
  processedKey: "processed_key",
  routingTarget: "routing_target",
  rulesVersion: "rules_version",
  duplicateCount: "duplicate_count",
  lastSeenAt: "last_seen_at",
  leaseExpiresAt: "lease_expires_at",
  claimToken: "claim_token",
  ttl: "ttl",
} as const;

/**
 * Expression name of the status attribute, because `status` is a DynamoDB
 * reserved word (as is `ttl`).
 */
export const STATUS_NAME = { "#status": ATTRIBUTE.status } as const;

/** Wraps a string as a DynamoDB string attribute. */
export function stringAttribute(value: string): AttributeValue {
  return { S: value };
}

/** Wraps a number as a DynamoDB number attribute. */
export function numberAttribute(value: number): AttributeValue {
  return { N: String(value) };
}

/** Status attribute of an item that a delivery is processing. */
export const PROCESSING = stringAttribute("processing");

/** Status attribute of a processed item. */
export const PROCESSED = stringAttribute("processed");

/**
 * Converts a registry item to a record. Times stay ISO 8601 strings, as
 * stored. Optional attributes that the item lacks are left out of the
 * record. Throws `AwsStoreError` when a required attribute is missing or
 * the status is unknown.
 */
export function recordFromItem(item: RegistryItem): RegistryRecord {
  const payloadHash = requiredString(item, ATTRIBUTE.payloadHash, "?");
  const status = requiredString(item, ATTRIBUTE.status, payloadHash);
  if (status !== "processing" && status !== "processed") {
    throw new AwsStoreError(
      `registry item ${payloadHash} has unknown status ` +
        `${JSON.stringify(status)}; expected "processing" or "processed"`,
    );
  }

  const record: Writable<RegistryRecord> = {
    payloadHash,
    eventId: requiredString(item, ATTRIBUTE.eventId, payloadHash),
    status,
    receivedAt: requiredString(item, ATTRIBUTE.receivedAt, payloadHash),
    duplicateCount: numberOf(item, ATTRIBUTE.duplicateCount) ?? 0,
  };

  const optionalStrings = [
    ["claimToken", ATTRIBUTE.claimToken],
    ["leaseExpiresAt", ATTRIBUTE.leaseExpiresAt],
    ["eventType", ATTRIBUTE.eventType],
    ["processingTimestamp", ATTRIBUTE.processingTimestamp],
    ["rawKey", ATTRIBUTE.rawKey],
    ["processedKey", ATTRIBUTE.processedKey],
    ["routingTarget", ATTRIBUTE.routingTarget],
    ["rulesVersion", ATTRIBUTE.rulesVersion],
    ["lastSeenAt", ATTRIBUTE.lastSeenAt],
  ] as const;
  for (const [field, attribute] of optionalStrings) {
    const value = item[attribute]?.S;
    if (value !== undefined) {
      record[field] = value;
    }
  }

  const ttl = numberOf(item, ATTRIBUTE.ttl);
  if (ttl !== undefined) {
    record.ttl = ttl;
  }

  return record;
}

function requiredString(
  item: RegistryItem,
  attribute: string,
  payloadHash: string,
): string {
  const value = item[attribute]?.S;
  if (value === undefined) {
    throw new AwsStoreError(
      `registry item ${payloadHash} has no string attribute ${attribute}; ` +
        "the table contains items this store did not write",
    );
  }

  return value;
}

function numberOf(item: RegistryItem, attribute: string): number | undefined {
  const value = item[attribute]?.N;

  return value === undefined ? undefined : Number(value);
}
