import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandOutput,
  QueryCommand,
  type QueryCommandOutput,
  UpdateItemCommand,
  type UpdateItemCommandOutput,
} from "@aws-sdk/client-dynamodb";
import {
  ClaimLostError,
  type ClaimRequest,
  type ClaimResult,
  type CompletionRequest,
  type EventQuery,
  type EventRegistry,
  type RegistryRecord,
  type ReleaseRequest,
  StoreUnavailableError,
} from "@axentra/core";
import { toStoreError } from "./aws-error.js";
import { AwsStoreError } from "./errors.js";
import {
  ATTRIBUTE,
  numberAttribute,
  PROCESSED,
  PROCESSING,
  type RegistryItem,
  recordFromItem,
  STATUS_NAME,
  stringAttribute,
} from "./registry-item.js";
import {
  type ListingTarget,
  queryProcessedByType,
  scanProcessed,
} from "./registry-listing.js";
import { EVENT_ID_INDEX } from "./table-schema.js";

/** A release ends the lease now and drops the token, keeping the event id. */
const RELEASE_UPDATE = "SET lease_expires_at = :now REMOVE claim_token";

/** Options of a `DynamoEventRegistry`. */
export interface DynamoEventRegistryOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/**
 * Condition of a claim: the item is absent, or its lease has ended.
 * Leases are ISO 8601 UTC strings of fixed width (`toISOString()`), so
 * string order is time order.
 */
const CLAIM_CONDITION =
  "attribute_not_exists(payload_hash) OR " +
  "(#status = :processing AND lease_expires_at <= :now)";

/**
 * The claim writes the lease and, through `if_not_exists`, the first event
 * id, receipt time and duplicate count. It is an UpdateItem and not a
 * PutItem because a PutItem replaces the whole item. A takeover would then
 * lose the first event id and receipt time, and the retry would write
 * objects under new keys.
 */
const CLAIM_UPDATE =
  "SET #status = :processing, claim_token = :claimToken, " +
  "lease_expires_at = :leaseExpiresAt, last_seen_at = :now, " +
  "event_id = if_not_exists(event_id, :eventId), " +
  "received_at = if_not_exists(received_at, :receivedAt), " +
  "duplicate_count = if_not_exists(duplicate_count, :zero)";

const DUPLICATE_UPDATE = "ADD duplicate_count :one SET last_seen_at = :now";

const COMPLETE_CONDITION =
  "claim_token = :claimToken AND #status = :processing";

const COMPLETE_UPDATE =
  "SET #status = :processed, event_type = :eventType, s3_key = :rawKey, " +
  "processed_key = :processedKey, routing_target = :routingTarget, " +
  "rules_version = :rulesVersion, " +
  "processing_timestamp = :processingTimestamp, #ttl = :ttl " +
  "REMOVE claim_token, lease_expires_at";

/**
 * An `EventRegistry` on a DynamoDB table with partition key payload_hash
 * (see `registryTableInput`). Every claim is one conditional UpdateItem,
 * so concurrent deliveries of one payload cannot both own it.
 */
export class DynamoEventRegistry implements EventRegistry {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;

  constructor(options: DynamoEventRegistryOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const key = {
      [ATTRIBUTE.payloadHash]: stringAttribute(request.payloadHash),
    };
    const values = {
      ":processing": PROCESSING,
      ":claimToken": stringAttribute(request.claimToken),
      ":leaseExpiresAt": stringAttribute(request.leaseExpiresAt.toISOString()),
      ":now": stringAttribute(request.now.toISOString()),
      ":eventId": stringAttribute(request.eventId),
      ":receivedAt": stringAttribute(request.receivedAt.toISOString()),
      ":zero": numberAttribute(0),
    };

    let previous: RegistryItem | undefined;
    try {
      const output = await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: key,
          ConditionExpression: CLAIM_CONDITION,
          UpdateExpression: CLAIM_UPDATE,
          ExpressionAttributeNames: STATUS_NAME,
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_OLD",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      previous = output.Attributes;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return this.#claimRefused(request, error);
      }
      throw toStoreError(this.#describe("UpdateItem (claim)", request), error);
    }

    // The written item is the old one with CLAIM_UPDATE applied: the
    // if_not_exists values only where the old item lacks them, the claim
    // values always.
    const takeover = previous !== undefined && Object.keys(previous).length > 0;
    const written: RegistryItem = {
      ...key,
      [ATTRIBUTE.eventId]: values[":eventId"],
      [ATTRIBUTE.receivedAt]: values[":receivedAt"],
      [ATTRIBUTE.duplicateCount]: values[":zero"],
      ...previous,
      [ATTRIBUTE.status]: values[":processing"],
      [ATTRIBUTE.claimToken]: values[":claimToken"],
      [ATTRIBUTE.leaseExpiresAt]: values[":leaseExpiresAt"],
      [ATTRIBUTE.lastSeenAt]: values[":now"],
    };

    return { outcome: "claimed", takeover, record: recordFromItem(written) };
  }

  async complete(request: CompletionRequest): Promise<RegistryRecord> {
    let output: UpdateItemCommandOutput;
    try {
      output = await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: {
            [ATTRIBUTE.payloadHash]: stringAttribute(request.payloadHash),
          },
          ConditionExpression: COMPLETE_CONDITION,
          UpdateExpression: COMPLETE_UPDATE,
          ExpressionAttributeNames: { ...STATUS_NAME, "#ttl": ATTRIBUTE.ttl },
          ExpressionAttributeValues: {
            ":claimToken": stringAttribute(request.claimToken),
            ":processing": PROCESSING,
            ":processed": PROCESSED,
            ":eventType": stringAttribute(request.eventType),
            ":rawKey": stringAttribute(request.rawKey),
            ":processedKey": stringAttribute(request.processedKey),
            ":routingTarget": stringAttribute(request.routingTarget),
            ":rulesVersion": stringAttribute(request.rulesVersion),
            ":processingTimestamp": stringAttribute(
              request.processingTimestamp.toISOString(),
            ),
            ":ttl": numberAttribute(request.ttl),
          },
          ReturnValues: "ALL_NEW",
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ClaimLostError(request.payloadHash, { cause: error });
      }
      throw toStoreError(
        this.#describe("UpdateItem (complete)", request),
        error,
      );
    }

    return recordFromItem(output.Attributes ?? {});
  }

  /**
   * Ends the lease of a failed claim with one UpdateItem conditioned on the
   * claim token; returns false when the token no longer holds the claim.
   */
  async release(request: ReleaseRequest): Promise<boolean> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: {
            [ATTRIBUTE.payloadHash]: stringAttribute(request.payloadHash),
          },
          ConditionExpression: COMPLETE_CONDITION,
          UpdateExpression: RELEASE_UPDATE,
          ExpressionAttributeNames: STATUS_NAME,
          ExpressionAttributeValues: {
            ":claimToken": stringAttribute(request.claimToken),
            ":processing": PROCESSING,
            ":now": stringAttribute(request.now.toISOString()),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return false;
      }
      throw toStoreError(
        this.#describe("UpdateItem (release)", request),
        error,
      );
    }

    return true;
  }

  async findByHash(payloadHash: string): Promise<RegistryRecord | undefined> {
    let output: GetItemCommandOutput;
    try {
      output = await this.#client.send(
        new GetItemCommand({
          TableName: this.#tableName,
          Key: { [ATTRIBUTE.payloadHash]: stringAttribute(payloadHash) },
          ConsistentRead: true,
        }),
      );
    } catch (error) {
      throw toStoreError(this.#describe("GetItem", { payloadHash }), error);
    }

    return output.Item === undefined ? undefined : recordFromItem(output.Item);
  }

  /**
   * Finds an item through the event id index. Index reads are eventually
   * consistent, so an item claimed a moment ago may not be found yet.
   */
  async findByEventId(eventId: string): Promise<RegistryRecord | undefined> {
    let output: QueryCommandOutput;
    try {
      output = await this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          IndexName: EVENT_ID_INDEX,
          KeyConditionExpression: "event_id = :eventId",
          ExpressionAttributeValues: { ":eventId": stringAttribute(eventId) },
        }),
      );
    } catch (error) {
      throw toStoreError(
        `DynamoDB Query of event id ${eventId} on index ${EVENT_ID_INDEX} ` +
          `of table ${this.#tableName}`,
        error,
      );
    }

    const item = output.Items?.[0];

    return item === undefined ? undefined : recordFromItem(item);
  }

  /**
   * Lists processed events, newest first. With an event type it queries
   * the type and time index, newest first. Without one it scans the whole
   * table, because no index orders all types by time, and sorts in memory.
   * That suits operator listings but is costly on a large table.
   */
  async list(query: EventQuery): Promise<RegistryRecord[]> {
    const limit = query.limit;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new AwsStoreError(
        `invalid event listing limit ${limit}; ` +
          "use a whole number of 0 or more",
      );
    }
    if (limit === 0) {
      return [];
    }

    try {
      if (query.eventType !== undefined) {
        return await queryProcessedByType(
          this.#listingTarget(),
          query.eventType,
          query.since,
          limit,
        );
      }

      return await scanProcessed(this.#listingTarget(), query.since, limit);
    } catch (error) {
      if (error instanceof AwsStoreError) {
        throw error;
      }
      throw toStoreError(
        `DynamoDB listing of processed events in table ${this.#tableName}`,
        error,
      );
    }
  }

  /**
   * Resolves a claim that failed its condition from the item DynamoDB
   * returned with the failure. A processed item is a duplicate and is
   * counted. Any other item is still processing under an unexpired lease.
   */
  async #claimRefused(
    request: ClaimRequest,
    failure: ConditionalCheckFailedException,
  ): Promise<ClaimResult> {
    if (failure.Item === undefined) {
      throw new AwsStoreError(
        `DynamoDB rejected the claim on payload hash ${request.payloadHash} ` +
          `in table ${this.#tableName} without returning the item; ` +
          "the table or the endpoint does not support " +
          "ReturnValuesOnConditionCheckFailure",
        { cause: failure },
      );
    }

    const existing = recordFromItem(failure.Item);
    if (existing.status === "processing") {
      return { outcome: "in_progress", record: existing };
    }

    return {
      outcome: "duplicate",
      record: await this.#countDuplicate(request),
    };
  }

  /**
   * Adds one to duplicate_count of a processed item and sets last_seen_at.
   * The item can only stop being processed by being deleted (time to live)
   * since the claim read it. The delivery is then retried, and its next
   * claim creates a new event.
   */
  async #countDuplicate(request: ClaimRequest): Promise<RegistryRecord> {
    let output: UpdateItemCommandOutput;
    try {
      output = await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: {
            [ATTRIBUTE.payloadHash]: stringAttribute(request.payloadHash),
          },
          ConditionExpression: "#status = :processed",
          UpdateExpression: DUPLICATE_UPDATE,
          ExpressionAttributeNames: STATUS_NAME,
          ExpressionAttributeValues: {
            ":processed": PROCESSED,
            ":one": numberAttribute(1),
            ":now": stringAttribute(request.now.toISOString()),
          },
          ReturnValues: "ALL_NEW",
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new StoreUnavailableError(
          `registry item of payload hash ${request.payloadHash} in table ` +
            `${this.#tableName} was removed while its duplicate was counted; ` +
            "retry the delivery",
          { cause: error },
        );
      }
      throw toStoreError(
        this.#describe("UpdateItem (duplicate count)", request),
        error,
      );
    }

    return recordFromItem(output.Attributes ?? {});
  }

  #listingTarget(): ListingTarget {
    return { client: this.#client, tableName: this.#tableName };
  }

  #describe(operation: string, request: { payloadHash: string }): string {
    return (
      `DynamoDB ${operation} of payload hash ${request.payloadHash} ` +
      `in table ${this.#tableName}`
    );
  }
}
