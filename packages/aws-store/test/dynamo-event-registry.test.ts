import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  GetItemCommand,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import {
  AwsStoreError,
  DynamoEventRegistry,
  registryTableInput,
} from "@axentra/aws-store";
import { localDynamoDbClient } from "@axentra/aws-store/testing";
import { type ClaimRequest, StoreUnavailableError } from "@axentra/core";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { uniqueName, useEmulators } from "./support/emulators.js";
import { rejectionOf } from "./support/rejection.js";
import { connectionRefused } from "./support/sdk-errors.js";

const HASH = "3f9a0c1d2e4b5a69".padEnd(64, "0");
const NOW = new Date("2026-12-04T14:00:00.000Z");
const CLAIM: ClaimRequest = {
  payloadHash: HASH,
  eventId: "3f9a0c1d2e4b5a69-1796392800",
  receivedAt: NOW,
  claimToken: "token-1",
  leaseExpiresAt: new Date(NOW.getTime() + 30_000),
  now: NOW,
};

/**
 * Request-level cases: DynamoDB Local never throttles and accepts every
 * request, so throttling, 5xx and network failures come from
 * aws-sdk-client-mock. The client never sends a request.
 */
describe("DynamoEventRegistry requests", () => {
  function mockedRegistry() {
    const client = localDynamoDbClient("http://127.0.0.1:9");
    const dynamodb = mockClient(client);
    const registry = new DynamoEventRegistry({ client, tableName: "events" });

    return { dynamodb, registry };
  }

  it("claim is one conditional UpdateItem", async () => {
    const { dynamodb, registry } = mockedRegistry();
    dynamodb.on(UpdateItemCommand).resolves({});

    const result = await registry.claim(CLAIM);

    expect(result.outcome).toBe("claimed");
    expect(dynamodb.calls()).toHaveLength(1);
    const [call] = dynamodb.commandCalls(UpdateItemCommand);
    expect(call?.args[0].input).toEqual({
      TableName: "events",
      Key: { payload_hash: { S: HASH } },
      ConditionExpression:
        "attribute_not_exists(payload_hash) OR " +
        "(#status = :processing AND lease_expires_at <= :now)",
      UpdateExpression:
        "SET #status = :processing, claim_token = :claimToken, " +
        "lease_expires_at = :leaseExpiresAt, last_seen_at = :now, " +
        "event_id = if_not_exists(event_id, :eventId), " +
        "received_at = if_not_exists(received_at, :receivedAt), " +
        "duplicate_count = if_not_exists(duplicate_count, :zero)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":processing": { S: "processing" },
        ":claimToken": { S: "token-1" },
        ":leaseExpiresAt": { S: "2026-12-04T14:00:30.000Z" },
        ":now": { S: "2026-12-04T14:00:00.000Z" },
        ":eventId": { S: "3f9a0c1d2e4b5a69-1796392800" },
        ":receivedAt": { S: "2026-12-04T14:00:00.000Z" },
        ":zero": { N: "0" },
      },
      ReturnValues: "ALL_OLD",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
  });

  it.each([
    [
      "ProvisionedThroughputExceededException",
      new ProvisionedThroughputExceededException({
        message: "The level of configured provisioned throughput was exceeded",
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      "ThrottlingException",
      new ThrottlingException({
        message: "Rate of requests exceeds the allowed throughput",
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      "RequestLimitExceeded",
      new RequestLimitExceeded({
        message: "Throughput exceeds the current throughput limit",
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      "InternalServerError",
      new InternalServerError({
        message: "Internal server error",
        $metadata: { httpStatusCode: 500 },
      }),
    ],
  ])("claim with %s is unavailable", async (_name, failure) => {
    const { dynamodb, registry } = mockedRegistry();
    dynamodb.on(UpdateItemCommand).rejects(failure);

    const error = await rejectionOf(registry.claim(CLAIM));

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).cause).toBe(failure);
  });

  it("throttling message names the request", async () => {
    const { dynamodb, registry } = mockedRegistry();
    dynamodb.on(UpdateItemCommand).rejects(
      new ProvisionedThroughputExceededException({
        message: "The level of configured provisioned throughput was exceeded",
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const error = await rejectionOf(registry.claim(CLAIM));

    expect((error as Error).message).toBe(
      `DynamoDB UpdateItem (claim) of payload hash ${HASH} in table events ` +
        "failed after the SDK's retries (ProvisionedThroughputExceededException" +
        " (HTTP 400): The level of configured provisioned throughput was " +
        "exceeded); the service is throttling or unavailable, retry later",
    );
  });

  it("refused connection is unavailable", async () => {
    const { dynamodb, registry } = mockedRegistry();
    dynamodb.on(GetItemCommand).rejects(connectionRefused());

    const error = await rejectionOf(registry.findByHash(HASH));

    expect(error).toBeInstanceOf(StoreUnavailableError);
  });

  it("missing table is an AwsStoreError", async () => {
    const { dynamodb, registry } = mockedRegistry();
    const failure = new ResourceNotFoundException({
      message: "Requested resource not found",
      $metadata: { httpStatusCode: 400 },
    });
    dynamodb.on(GetItemCommand).rejects(failure);

    const error = await rejectionOf(registry.findByHash(HASH));

    expect(error).toBeInstanceOf(AwsStoreError);
    expect((error as Error).message).toBe(
      `DynamoDB GetItem of payload hash ${HASH} in table events failed ` +
        "(ResourceNotFoundException (HTTP 400): Requested resource not " +
        "found); check that the resource exists and that the credentials " +
        "allow the request",
    );
    expect((error as Error).cause).toBe(failure);
  });

  it("refused claim without item is an AwsStoreError", async () => {
    const { dynamodb, registry } = mockedRegistry();
    dynamodb.on(UpdateItemCommand).rejects(
      new ConditionalCheckFailedException({
        message: "The conditional request failed",
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const error = await rejectionOf(registry.claim(CLAIM));

    expect(error).toBeInstanceOf(AwsStoreError);
    expect((error as Error).message).toBe(
      `DynamoDB rejected the claim on payload hash ${HASH} in table events ` +
        "without returning the item; the table or the endpoint does not " +
        "support ReturnValuesOnConditionCheckFailure",
    );
  });

  it("item removed before the count is unavailable", async () => {
    const { dynamodb, registry } = mockedRegistry();
    dynamodb
      .on(UpdateItemCommand)
      .rejectsOnce(
        new ConditionalCheckFailedException({
          message: "The conditional request failed",
          $metadata: { httpStatusCode: 400 },
          Item: {
            payload_hash: { S: HASH },
            event_id: { S: "3f9a0c1d2e4b5a69-1796392800" },
            status: { S: "processed" },
            received_at: { S: "2026-12-04T14:00:00.000Z" },
            duplicate_count: { N: "0" },
          },
        }),
      )
      .rejectsOnce(
        new ConditionalCheckFailedException({
          message: "The conditional request failed",
          $metadata: { httpStatusCode: 400 },
        }),
      );

    const error = await rejectionOf(registry.claim(CLAIM));

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe(
      `registry item of payload hash ${HASH} in table events was removed ` +
        "while its duplicate was counted; retry the delivery",
    );
    const [, count] = dynamodb.commandCalls(UpdateItemCommand);
    expect(count?.args[0].input.UpdateExpression).toBe(
      "ADD duplicate_count :one SET last_seen_at = :now",
    );
    expect(count?.args[0].input.ConditionExpression).toBe(
      "#status = :processed",
    );
  });

  it("invalid listing limit is rejected", async () => {
    const { registry } = mockedRegistry();

    const error = await rejectionOf(registry.list({ limit: 2.5 }));

    expect(error).toBeInstanceOf(AwsStoreError);
    expect((error as Error).message).toBe(
      "invalid event listing limit 2.5; use a whole number of 0 or more",
    );
  });
});

describe("DynamoEventRegistry on DynamoDB Local", () => {
  const emulators = useEmulators();

  async function newRegistry() {
    const { dynamodb } = emulators();
    const tableName = uniqueName("items");
    await dynamodb.send(new CreateTableCommand(registryTableInput(tableName)));
    const registry = new DynamoEventRegistry({ client: dynamodb, tableName });
    const storedItem = async () => {
      const { Item } = await dynamodb.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { payload_hash: { S: HASH } },
          ConsistentRead: true,
        }),
      );

      return Item;
    };

    return { registry, storedItem };
  }

  it("claim writes snake_case attributes", async () => {
    const { registry, storedItem } = await newRegistry();

    await registry.claim(CLAIM);

    expect(await storedItem()).toEqual({
      payload_hash: { S: HASH },
      event_id: { S: "3f9a0c1d2e4b5a69-1796392800" },
      status: { S: "processing" },
      received_at: { S: "2026-12-04T14:00:00.000Z" },
      claim_token: { S: "token-1" },
      lease_expires_at: { S: "2026-12-04T14:00:30.000Z" },
      last_seen_at: { S: "2026-12-04T14:00:00.000Z" },
      duplicate_count: { N: "0" },
    });
  });

  it("complete writes snake_case attributes", async () => {
    const { registry, storedItem } = await newRegistry();
    await registry.claim(CLAIM);

    await registry.complete({
      payloadHash: HASH,
      claimToken: "token-1",
      eventType: "product_create",
      rawKey: "product_create/2026/12/04/3f9a0c1d2e4b5a69-1796392800.json",
      processedKey:
        "product_create/2026/12/04/3f9a0c1d2e4b5a69-1796392800.json",
      routingTarget: "product-service",
      rulesVersion: "ab".repeat(32),
      processingTimestamp: new Date("2026-12-04T14:00:02.000Z"),
      ttl: 2_017_317_600,
    });

    expect(await storedItem()).toEqual({
      payload_hash: { S: HASH },
      event_id: { S: "3f9a0c1d2e4b5a69-1796392800" },
      event_type: { S: "product_create" },
      status: { S: "processed" },
      processing_timestamp: { S: "2026-12-04T14:00:02.000Z" },
      received_at: { S: "2026-12-04T14:00:00.000Z" },
      s3_key: {
        S: "product_create/2026/12/04/3f9a0c1d2e4b5a69-1796392800.json",
      },
      processed_key: {
        S: "product_create/2026/12/04/3f9a0c1d2e4b5a69-1796392800.json",
      },
      routing_target: { S: "product-service" },
      rules_version: { S: "ab".repeat(32) },
      duplicate_count: { N: "0" },
      last_seen_at: { S: "2026-12-04T14:00:00.000Z" },
      ttl: { N: "2017317600" },
    });
  });
});
