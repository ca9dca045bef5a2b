import { createHash } from "node:crypto";
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { HandlerError, PublishError } from "./errors.js";
import {
  type BodyReference,
  claimCheckKey,
  entrySizeBytes,
  WEBHOOK_DETAIL_TYPE,
  WEBHOOK_SOURCE,
  type WebhookDetail,
} from "./webhook-event.js";

/** Clients and settings of a webhook publisher. */
export interface WebhookPublisherOptions {
  readonly eventBridge: EventBridgeClient;
  readonly s3: S3Client;
  readonly eventBusName: string;
  /**
   * Bucket that receives claim-check objects: the claim-check bucket
   * (`AXENTRA_CLAIM_CHECK_BUCKET`), whose objects expire, never the raw
   * audit bucket.
   */
  readonly claimCheckBucket: string;
  /** An entry of this size or more goes through a claim check. */
  readonly maxEventBytes: number;
}

/** One authenticated, parsed delivery to put on the bus. */
export interface PublishRequest {
  /** The body as received. */
  readonly body: Uint8Array;
  /** The body decoded as UTF-8. */
  readonly text: string;
  readonly payloadHash: string;
  readonly receivedAt: Date;
  /** Aborts the S3 and EventBridge requests, for a time budget. */
  readonly signal: AbortSignal;
}

/** Result of publishing one delivery. */
export interface PublishResult {
  /** The claim-check object, when the body was too large for the bus. */
  readonly claimCheck: BodyReference | undefined;
}

/** Puts deliveries on the bus. */
export type WebhookPublisher = (
  request: PublishRequest,
) => Promise<PublishResult>;

/**
 * Creates a publisher that puts each delivery on the bus with one
 * PutEvents entry. A body whose entry would reach `maxEventBytes` is first
 * written to the claim-check bucket, and the entry carries its location
 * (claim check). The processor archives the body in the raw audit bucket.
 * Throws `PublishError` when EventBridge rejects the entry, and the SDK's
 * error, wrapped in a `HandlerError` for the claim check, when a request
 * fails.
 */
export function createWebhookPublisher(
  options: WebhookPublisherOptions,
): WebhookPublisher {
  const { eventBridge, s3, eventBusName, maxEventBytes } = options;
  const { claimCheckBucket } = options;

  function entryOf(detail: WebhookDetail): PutEventsRequestEntry {
    return {
      EventBusName: eventBusName,
      Source: WEBHOOK_SOURCE,
      DetailType: WEBHOOK_DETAIL_TYPE,
      Detail: JSON.stringify(detail),
    };
  }

  async function putEntry(
    entry: PutEventsRequestEntry,
    request: PublishRequest,
  ): Promise<void> {
    const output = await eventBridge.send(
      new PutEventsCommand({ Entries: [entry] }),
      { abortSignal: request.signal },
    );
    if ((output.FailedEntryCount ?? 0) > 0) {
      const failed = output.Entries?.[0];
      throw new PublishError(
        `EventBridge rejected the event of payload hash ` +
          `${request.payloadHash} on bus ${eventBusName}: ` +
          `${failed?.ErrorCode ?? "no error code"}` +
          `${failed?.ErrorMessage ? ` (${failed.ErrorMessage})` : ""}`,
        failed?.ErrorCode,
      );
    }
  }

  async function putClaimCheck(
    request: PublishRequest,
  ): Promise<BodyReference> {
    const key = claimCheckKey(request.payloadHash, request.receivedAt);
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: claimCheckBucket,
          Key: key,
          Body: request.body,
          ContentType: "application/json",
          IfNoneMatch: "*",
          ChecksumSHA256: createHash("sha256")
            .update(request.body)
            .digest("base64"),
        }),
        { abortSignal: request.signal },
      );
    } catch (error) {
      // 412: the key exists. The key contains the payload hash, so the
      // object contains the same payload. If an earlier delivery formatted
      // it otherwise, the processor archives that delivery's bytes.
      if (httpStatusOf(error) !== 412) {
        throw new HandlerError(
          `claim-check PutObject of key ${key} in bucket ${claimCheckBucket} ` +
            "failed; the delivery was not queued",
          { cause: error },
        );
      }
    }

    return { bucket: claimCheckBucket, key };
  }

  return async function publish(request) {
    const metadata = {
      received_at: request.receivedAt.toISOString(),
      payload_hash: request.payloadHash,
      content_length: request.body.byteLength,
    };

    const inline = entryOf({ body: request.text, ...metadata });
    if (entrySizeBytes(inline) < maxEventBytes) {
      await putEntry(inline, request);
      return { claimCheck: undefined };
    }

    const reference = await putClaimCheck(request);
    await putEntry(entryOf({ body_ref: reference, ...metadata }), request);

    return { claimCheck: reference };
  };
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) {
    return undefined;
  }
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } })
    .$metadata;
  const status = metadata?.httpStatusCode;

  return typeof status === "number" ? status : undefined;
}
