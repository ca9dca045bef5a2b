import { signWebhook } from "@axentra/core";

/** Shared secret of the receivers that check `x-webhook-secret`. */
export const SHARED_SECRET = "reliability-shared-secret-7c1e9a4f";

/** Base64 key inside `SIGNING_SECRET`. */
export const SIGNING_KEY = Buffer.from(
  "reliability-signing-key-5b2d8e60",
).toString("base64");

/** Standard Webhooks secret of the receivers that check signatures. */
export const SIGNING_SECRET = `whsec_${SIGNING_KEY}`;

/** Message id of the signed test deliveries. */
export const WEBHOOK_ID = "msg_reliability_01";

/** Signs `body` at `timestamp` (Unix seconds) the Standard Webhooks way. */
export function signedHeaders(
  body: Uint8Array,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    "webhook-id": WEBHOOK_ID,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(
      SIGNING_SECRET,
      WEBHOOK_ID,
      timestamp,
      body,
    ),
  };
}

/** Headers that carry the shared secret. */
export function sharedSecretHeaders(): Record<string, string> {
  return { "x-webhook-secret": SHARED_SECRET };
}
