import type { Rules } from "@axentra/rules";
import { hashPayload } from "./canonical.js";
import type { JsonObject } from "./json-number.js";
import { type ParseOptions, parsePayload } from "./json-parse.js";
import { eventIdFor, objectKeyFor } from "./keys.js";

/** Version of the processed document's layout. */
export const EVENT_VERSION = 1;

/** Result of the rules on a payload, computed without touching a store. */
export interface PreparedEvent {
  readonly payloadHash: string;
  readonly eventId: string;
  readonly eventType: string;
  /** Name of the detection rule that matched, or null for the fallback. */
  readonly detectionRule: string | null;
  readonly routingTarget: string;
  /** Key of both the raw and the processed object. */
  readonly objectKey: string;
  /** Paths of the fields the rules strip. */
  readonly strippedFields: readonly string[];
  /** The stripped copy of the payload. */
  readonly strippedPayload: unknown;
}

/** Metadata of a processed document, as written to the processed store. */
export interface EventMetadata {
  readonly event_id: string;
  readonly event_type: string;
  readonly payload_hash: string;
  readonly event_version: number;
  readonly received_at: string;
  readonly processed_at: string;
  readonly routing_target: string;
  readonly rules_version: string;
  readonly detection_rule: string | null;
  readonly raw_key: string;
  readonly stripped_fields: readonly string[];
}

/**
 * Runs detection, stripping and routing on a parsed payload. Detection reads
 * the payload before stripping, since it may read a stripped field.
 */
export function prepareEvent(
  rules: Rules,
  payload: JsonObject,
  payloadHash: string,
  eventId: string,
  receivedAt: Date,
): PreparedEvent {
  const detection = rules.detect(payload);
  const stripped = rules.strip(payload);

  return {
    payloadHash,
    eventId,
    eventType: detection.eventType,
    detectionRule: detection.rule,
    routingTarget: rules.route(detection.eventType),
    objectKey: objectKeyFor(detection.eventType, eventId, receivedAt),
    strippedFields: stripped.removed,
    strippedPayload: stripped.payload,
  };
}

/** Builds the processed document `{ metadata, payload }`. */
export function buildProcessedDocument(
  prepared: PreparedEvent,
  rules: Rules,
  receivedAt: Date,
  processedAt: Date,
): { metadata: EventMetadata; payload: unknown } {
  return {
    metadata: {
      event_id: prepared.eventId,
      event_type: prepared.eventType,
      payload_hash: prepared.payloadHash,
      event_version: EVENT_VERSION,
      received_at: receivedAt.toISOString(),
      processed_at: processedAt.toISOString(),
      routing_target: prepared.routingTarget,
      rules_version: rules.version,
      detection_rule: prepared.detectionRule,
      raw_key: prepared.objectKey,
      stripped_fields: prepared.strippedFields,
    },
    payload: prepared.strippedPayload,
  };
}

/** Everything `axentra rules explain` shows about a payload. */
export interface Explanation extends PreparedEvent {
  readonly receivedAt: string;
  readonly rawKey: string;
  readonly processedKey: string;
  readonly rulesVersion: string;
}

/**
 * Explains what the pipeline would do with a body received at `receivedAt`,
 * without writing anything. Throws `InvalidPayloadError` like the pipeline.
 */
export function explainPayload(
  rules: Rules,
  body: Uint8Array,
  receivedAt: Date,
  options: ParseOptions = {},
): Explanation {
  const payload = parsePayload(body, options);
  const payloadHash = hashPayload(payload);
  const eventId = eventIdFor(payloadHash, receivedAt);
  const prepared = prepareEvent(
    rules,
    payload,
    payloadHash,
    eventId,
    receivedAt,
  );

  return {
    ...prepared,
    receivedAt: receivedAt.toISOString(),
    rawKey: prepared.objectKey,
    processedKey: prepared.objectKey,
    rulesVersion: rules.version,
  };
}
