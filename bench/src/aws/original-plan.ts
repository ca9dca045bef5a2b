import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  buildProcessedDocument,
  eventIdFor,
  hashPayload,
  parsePayload,
  prepareEvent,
  retentionTtl,
  serializeJson,
} from "@axentra/core";
import type { Rules } from "@axentra/rules";

/** Clients and resources of the original plan. */
export interface OriginalPlanOptions {
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly tableName: string;
  readonly rawBucket: string;
  readonly processedBucket: string;
  readonly rules: Rules;
}

/**
 * The processor of the original plan, written with raw SDK calls: check
 * the registry with GetItem, and for a new payload write the raw object,
 * the processed object and the registry item, one after another, none of
 * them conditional. It routes nothing. The bench runs it only to count its
 * calls; the check-then-write race it has is why the pipeline claims with
 * one conditional write instead.
 *
 * NOTE: the original plan's table also had processing_timestamp as sort
 * key, with which a lookup by payload hash is a Query, not a GetItem. The
 * bench keys its table by payload hash alone, so that the GetItem the plan
 * names works; either way the check is one read.
 */
export class OriginalPlan {
  readonly #options: OriginalPlanOptions;

  constructor(options: OriginalPlanOptions) {
    this.#options = options;
  }

  /** Processes one delivery; returns whether it was a duplicate. */
  async ingest(body: Uint8Array, receivedAt = new Date()): Promise<boolean> {
    const { dynamodb, s3, tableName, rules } = this.#options;
    const payload = parsePayload(body);
    const payloadHash = hashPayload(payload);

    const existing = await dynamodb.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { payload_hash: { S: payloadHash } },
      }),
    );
    if (existing.Item !== undefined) {
      return true;
    }

    const eventId = eventIdFor(payloadHash, receivedAt);
    const prepared = prepareEvent(
      rules,
      payload,
      payloadHash,
      eventId,
      receivedAt,
    );
    const processedAt = new Date();
    const document = serializeJson(
      buildProcessedDocument(prepared, rules, receivedAt, processedAt),
    );
    const key = prepared.objectKey;

    await s3.send(
      new PutObjectCommand({
        Bucket: this.#options.rawBucket,
        Key: key,
        Body: body,
        ContentType: "application/json",
      }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: this.#options.processedBucket,
        Key: key,
        Body: new TextEncoder().encode(`${document}\n`),
        ContentType: "application/json",
      }),
    );
    await dynamodb.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          payload_hash: { S: payloadHash },
          event_id: { S: eventId },
          event_type: { S: prepared.eventType },
          status: { S: "processed" },
          processing_timestamp: { S: processedAt.toISOString() },
          received_at: { S: receivedAt.toISOString() },
          s3_key: { S: key },
          processed_key: { S: key },
          routing_target: { S: prepared.routingTarget },
          rules_version: { S: rules.version },
          duplicate_count: { N: "0" },
          ttl: { N: String(retentionTtl(receivedAt)) },
        },
      }),
    );

    return false;
  }
}
