import type { ReceiverResponse } from "@axentra/core";

/** Retry-After of a 503 when the bus or the claim-check write failed. */
export const PUBLISH_RETRY_AFTER_SECONDS = 5;

/**
 * 202 for a delivery put on the bus. The processor assigns the event id
 * later, so the response carries the payload hash and receipt time instead.
 */
export function acceptedForProcessingResponse(
  payloadHash: string,
  receivedAt: string,
): ReceiverResponse {
  return {
    status: 202,
    headers: {},
    body: {
      accepted: true,
      payload_hash: payloadHash,
      received_at: receivedAt,
    },
    outcome: "accepted",
  };
}

/** 405 for any method but POST. */
export function methodNotAllowedResponse(method: string): ReceiverResponse {
  return {
    status: 405,
    headers: { allow: "POST" },
    body: {
      error: {
        code: "method_not_allowed",
        message: `method ${method} is not allowed; send webhooks with POST`,
      },
    },
    outcome: "method_not_allowed",
  };
}

/**
 * 503 with Retry-After when the delivery could not be put on the bus, so
 * that the sender retries it.
 */
export function publishFailedResponse(): ReceiverResponse {
  return {
    status: 503,
    headers: { "retry-after": String(PUBLISH_RETRY_AFTER_SECONDS) },
    body: {
      error: {
        code: "unavailable",
        message: "the delivery could not be queued; retry later",
      },
    },
    outcome: "publish_failed",
  };
}
