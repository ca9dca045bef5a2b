import { randomUUID } from "node:crypto";
import { hashPayload, parsePayload } from "@axentra/core";
import type { BusEvent } from "../../src/process-delivery.js";

/** Receipt time of the test deliveries. */
export const RECEIVED_AT = "2026-12-04T10:00:00.000Z";

/** Builds the detail the ingest function sends for an inline body. */
export function inlineDetail(body: Uint8Array, receivedAt = RECEIVED_AT) {
  return {
    body: new TextDecoder().decode(body),
    received_at: receivedAt,
    payload_hash: hashPayload(parsePayload(body)),
    content_length: body.byteLength,
  };
}

/**
 * Builds an EventBridge event as the bus delivers it to a Lambda target,
 * from the ingest function unless `overrides` sets other fields.
 */
export function busEvent(
  detail: unknown,
  overrides: Partial<BusEvent> = {},
): BusEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "webhook.received",
    source: "axentra.webhook",
    account: "123456789012",
    time: "2026-12-04T10:00:01Z",
    region: "us-east-1",
    resources: [],
    detail,
    ...overrides,
  };
}
