import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";

/** Source of the events the ingest function puts on the bus. */
export const WEBHOOK_SOURCE = "axentra.webhook";

/** Detail-type of the events the ingest function puts on the bus. */
export const WEBHOOK_DETAIL_TYPE = "webhook.received";

/**
 * Default limit on a PutEvents entry, in bytes. EventBridge raised its
 * entry limit from 256 KB to 1 MB in January 2026 (AWS Compute Blog, "More
 * room to build: serverless services now support payloads up to 1 MB").
 * The user guide of the China regions still states 256 KB, and an entry
 * above a bus's limit fails on every retry. At 256 KB a larger delivery
 * costs one extra PutObject. Set `AXENTRA_MAX_EVENT_BYTES` to 1048576
 * where the 1 MB limit is known to apply.
 */
export const DEFAULT_MAX_EVENT_BYTES = 256 * 1024;

/** Location of a claim-check object: a body too large for the bus. */
export interface BodyReference {
  readonly bucket: string;
  readonly key: string;
}

/** Fields of every webhook event detail. */
interface WebhookDetailBase {
  /** ISO time at which the ingest function received the delivery. */
  readonly received_at: string;
  readonly payload_hash: string;
  /** Size of the body as received, in bytes. */
  readonly content_length: number;
}

/**
 * Detail of a `webhook.received` event: the body as received (a UTF-8
 * string), or a reference to the claim-check object that holds it.
 */
export type WebhookDetail =
  | (WebhookDetailBase & { readonly body: string })
  | (WebhookDetailBase & { readonly body_ref: BodyReference });

/**
 * Computes the size of a PutEvents entry the way EventBridge counts it:
 * UTF-8 bytes of Source, DetailType, Detail and each of Resources, plus 14
 * for Time ("Calculating Amazon EventBridge PutEvents event entry size",
 * EventBridge User Guide).
 */
export function entrySizeBytes(entry: PutEventsRequestEntry): number {
  let size = entry.Time === undefined ? 0 : 14;
  for (const text of [entry.Source, entry.DetailType, entry.Detail]) {
    size += Buffer.byteLength(text ?? "", "utf8");
  }
  for (const resource of entry.Resources ?? []) {
    size += Buffer.byteLength(resource, "utf8");
  }

  return size;
}

/**
 * Builds the key of a claim-check object in the raw audit bucket:
 * `claim-check/{YYYY}/{MM}/{DD}/{payload_hash}.json`, by UTC date of
 * receipt.
 */
export function claimCheckKey(payloadHash: string, receivedAt: Date): string {
  const date = receivedAt.toISOString().slice(0, 10).replaceAll("-", "/");

  return `claim-check/${date}/${payloadHash}.json`;
}
