import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import type { Router } from "@axentra/core";
import type { AwsStoreConfig } from "./config.js";
import { DynamoEventRegistry } from "./dynamo-event-registry.js";
import { EventBridgeRouter } from "./eventbridge-router.js";
import { NoBusRouter } from "./no-bus-router.js";
import { S3ObjectStore } from "./s3-object-store.js";

/** The SDK clients behind an `AwsStore`. */
export interface AwsClients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  /** Present when an event bus is configured. */
  readonly eventBridge?: EventBridgeClient | undefined;
}

/** The AWS implementations of the pipeline's stores, ready to use. */
export interface AwsStore {
  readonly rawStore: S3ObjectStore;
  readonly processedStore: S3ObjectStore;
  readonly registry: DynamoEventRegistry;
  readonly router: Router;
  readonly clients: AwsClients;
  /** Closes the clients' connections. */
  close(): void;
}

/**
 * Creates the SDK clients and the stores of `config`. Credentials come from
 * the SDK's default provider chain.
 */
export function createAwsStore(config: AwsStoreConfig): AwsStore {
  const region = config.region === undefined ? {} : { region: config.region };
  const s3 = new S3Client({
    ...region,
    ...endpoint(config.endpoints?.s3),
    forcePathStyle: config.forcePathStyle ?? false,
  });
  const dynamodb = new DynamoDBClient({
    ...region,
    ...endpoint(config.endpoints?.dynamodb),
  });

  let router: Router = new NoBusRouter();
  let eventBridge: EventBridgeClient | undefined;
  if (config.eventBusName !== undefined) {
    eventBridge = new EventBridgeClient({
      ...region,
      ...endpoint(config.endpoints?.eventBridge),
    });
    router = new EventBridgeRouter({
      client: eventBridge,
      eventBusName: config.eventBusName,
      source: config.eventSource,
    });
  }

  const encryption = {
    serverSideEncryption: config.serverSideEncryption,
    kmsKeyId: config.kmsKeyId,
  };

  return {
    rawStore: new S3ObjectStore({
      client: s3,
      bucket: config.rawBucket,
      ...encryption,
    }),
    processedStore: new S3ObjectStore({
      client: s3,
      bucket: config.processedBucket,
      ...encryption,
    }),
    registry: new DynamoEventRegistry({
      client: dynamodb,
      tableName: config.tableName,
    }),
    router,
    clients: { s3, dynamodb, eventBridge },
    close() {
      s3.destroy();
      dynamodb.destroy();
      eventBridge?.destroy();
    },
  };
}

function endpoint(url: string | undefined): { endpoint?: string } {
  return url === undefined ? {} : { endpoint: url };
}
