/** Length of the payload-hash prefix in an event id. */
const EVENT_ID_HASH_CHARS = 16;

/** Years an event is kept: HIPAA audit retention. */
export const RETENTION_YEARS = 7;

/**
 * Builds an event id: the first 16 hex characters of the payload hash, `-`,
 * and the Unix seconds of the first receipt (`3f9a0c1d2e4b5a69-1764856800`).
 */
export function eventIdFor(payloadHash: string, receivedAt: Date): string {
  const seconds = Math.floor(receivedAt.getTime() / 1000);

  return `${payloadHash.slice(0, EVENT_ID_HASH_CHARS)}-${seconds}`;
}

/**
 * Builds the object key shared by the raw and processed stores:
 * `{event_type}/{YYYY}/{MM}/{DD}/{event_id}.json`, by the UTC date of the
 * first receipt.
 */
export function objectKeyFor(
  eventType: string,
  eventId: string,
  receivedAt: Date,
): string {
  const year = receivedAt.getUTCFullYear().toString().padStart(4, "0");
  const month = (receivedAt.getUTCMonth() + 1).toString().padStart(2, "0");
  const day = receivedAt.getUTCDate().toString().padStart(2, "0");

  return `${eventType}/${year}/${month}/${day}/${eventId}.json`;
}

/** Returns the registry expiry, seven calendar years after receipt, in epoch seconds. */
export function retentionTtl(receivedAt: Date): number {
  const expiry = new Date(receivedAt.getTime());
  expiry.setUTCFullYear(expiry.getUTCFullYear() + RETENTION_YEARS);

  return Math.floor(expiry.getTime() / 1000);
}
