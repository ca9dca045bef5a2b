import { createHash } from "node:crypto";
import {
  EVENT_VERSION,
  hashPayload,
  parsePayload,
  serializeJson,
} from "@axentra/core";

/**
 * Metadata of the same shape and size as the pipeline's, with the values
 * that do not depend on the payload fixed, so the floor serializes what the
 * pipeline serializes.
 */
function floorMetadata(payloadHash: string) {
  const eventId = `${payloadHash.slice(0, 16)}-1764856800`;

  return {
    event_id: eventId,
    event_type: "product_update",
    payload_hash: payloadHash,
    event_version: EVENT_VERSION,
    received_at: "2026-12-04T14:00:00.000Z",
    processed_at: "2026-12-04T14:00:00.012Z",
    routing_target: "product-service",
    rules_version:
      "0d1b3f0e6c4a9a7b5d2e8f1c3a6b9d0e2f4a7c8b1d3e5f6a9b0c2d4e6f8a1b3c",
    detection_rule: "nested-products",
    raw_key: `product_update/2026/12/04/${eventId}.json`,
    stripped_fields: [] as string[],
  };
}

/**
 * Does the floor of the pipeline's work on one body: parses it strictly
 * with exact numbers, hashes its canonical form, and serializes a
 * processed document. Returns the document length, so the work cannot be
 * skipped.
 */
export function floorWork(body: Uint8Array): number {
  const payload = parsePayload(body);
  const payloadHash = hashPayload(payload);
  const document = serializeJson({
    metadata: floorMetadata(payloadHash),
    payload,
  });

  return document.length;
}

const decoder = new TextDecoder();

/**
 * Does the same three steps with the engine's own JSON: `JSON.parse`,
 * SHA-256 of `JSON.stringify` (not canonical, and numbers pass through
 * doubles), and `JSON.stringify` of the document. It does less than the
 * pipeline must, so it shows what the strict parser and canonical hash cost.
 */
export function nativeFloorWork(body: Uint8Array): number {
  const payload: unknown = JSON.parse(decoder.decode(body));
  const payloadHash = createHash("sha256")
    .update(JSON.stringify(payload))
    .digest("hex");
  const document = JSON.stringify(
    { metadata: floorMetadata(payloadHash), payload },
    null,
    2,
  );

  return document.length;
}
