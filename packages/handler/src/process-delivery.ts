import { GetObjectCommand, NoSuchKey, type S3Client } from "@aws-sdk/client-s3";
import type { Delivery } from "@axentra/core";
import type { EventBridgeEvent } from "aws-lambda";
import { HandlerError, InvalidEventError } from "./errors.js";
import type { BodyReference } from "./webhook-event.js";

/**
 * An event the processor receives from the bus. The detail is checked at
 * run time: the ingest function sends a `WebhookDetail`, and other
 * producers may send any JSON.
 */
export type BusEvent = EventBridgeEvent<string, unknown>;

/** Origin of the body of a delivery. */
export type BodySource = "body" | "body_ref" | "detail";

/** A delivery read from a bus event. */
export interface BusDelivery {
  readonly delivery: Delivery;
  readonly source: BodySource;
}

/** Clients and settings for reading deliveries. */
export interface DeliveryReaderOptions {
  readonly s3: S3Client;
  /**
   * The only bucket that claim-check references may name: the claim-check
   * bucket (`AXENTRA_CLAIM_CHECK_BUCKET`).
   */
  readonly claimCheckBucket: string;
}

/**
 * Turns a bus event into a delivery. The body is `detail.body` (a UTF-8
 * string) when present, else the claim-check object that `detail.body_ref`
 * names in the claim-check bucket, else the JSON of `detail` itself (an
 * event from another producer). The receipt time is `detail.received_at`,
 * else the event's `time`. Throws `InvalidEventError` for a malformed
 * `body_ref`, and `HandlerError` for a `body_ref` that names another
 * bucket or an object that cannot be read.
 */
export async function readDelivery(
  event: BusEvent,
  options: DeliveryReaderOptions,
): Promise<BusDelivery> {
  const detail = isRecord(event.detail) ? event.detail : undefined;
  const receivedAt = parseTime(detail?.received_at) ?? parseTime(event.time);
  const withTime = (body: Uint8Array): Delivery =>
    receivedAt === undefined ? { body } : { body, receivedAt };

  if (typeof detail?.body === "string") {
    const body = new TextEncoder().encode(detail.body);
    return { delivery: withTime(body), source: "body" };
  }
  if (detail !== undefined && "body_ref" in detail) {
    const reference = bodyReferenceOf(detail.body_ref);
    const body = await readClaimCheck(reference, options);
    return { delivery: withTime(body), source: "body_ref" };
  }

  // NOTE: the Lambda runtime parsed the event with JSON.parse, so integers
  // beyond 2^53 in another producer's detail arrive already rounded.
  const body = new TextEncoder().encode(JSON.stringify(event.detail ?? null));

  return { delivery: withTime(body), source: "detail" };
}

function bodyReferenceOf(value: unknown): BodyReference {
  if (
    !isRecord(value) ||
    typeof value.bucket !== "string" ||
    typeof value.key !== "string" ||
    value.bucket === "" ||
    value.key === ""
  ) {
    throw new InvalidEventError(
      "detail.body_ref must be an object with a non-empty bucket and key; " +
        "the event cannot be processed",
    );
  }

  return { bucket: value.bucket, key: value.key };
}

async function readClaimCheck(
  reference: BodyReference,
  options: DeliveryReaderOptions,
): Promise<Uint8Array> {
  const location = `s3://${reference.bucket}/${reference.key}`;
  const { claimCheckBucket } = options;
  // Reading any bucket that an event names would let any principal that can
  // put events on the bus make the processor archive objects it can read.
  if (reference.bucket !== claimCheckBucket) {
    throw new HandlerError(
      `claim-check object ${location} is not in the claim-check bucket ` +
        `${claimCheckBucket}; set the same AXENTRA_CLAIM_CHECK_BUCKET on ` +
        "the ingest and processor functions, then redrive the event",
    );
  }

  try {
    const output = await options.s3.send(
      new GetObjectCommand({ Bucket: reference.bucket, Key: reference.key }),
    );
    return (await output.Body?.transformToByteArray()) ?? new Uint8Array();
  } catch (error) {
    const problem =
      error instanceof NoSuchKey ? "does not exist" : "could not be read";
    throw new HandlerError(`claim-check object ${location} ${problem}`, {
      cause: error,
    });
  }
}

function parseTime(value: unknown): Date | undefined {
  if (typeof value !== "string") {
    return undefined;
  }
  const time = Date.parse(value);

  return Number.isNaN(time) ? undefined : new Date(time);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
