import {
  awsStoreConfigFromEnv,
  createAwsStore,
  EventBridgeRouter,
  NoBusRouter,
} from "@axentra/aws-store";
import { describe, expect, it, onTestFinished } from "vitest";

describe("awsStoreConfigFromEnv", () => {
  it("empty environment gives the defaults", () => {
    expect(awsStoreConfigFromEnv({})).toEqual({
      rawBucket: "axentra-webhook-raw-audit",
      processedBucket: "axentra-webhook-processed",
      tableName: "axentra-webhook-events",
      eventBusName: undefined,
      eventSource: undefined,
      region: undefined,
      endpoints: { s3: undefined, dynamodb: undefined, eventBridge: undefined },
      forcePathStyle: false,
      serverSideEncryption: undefined,
      kmsKeyId: undefined,
    });
  });

  it("environment names the resources", () => {
    const config = awsStoreConfigFromEnv({
      AXENTRA_RAW_BUCKET: "raw",
      AXENTRA_PROCESSED_BUCKET: "processed",
      AXENTRA_EVENTS_TABLE: "events",
      AXENTRA_EVENT_BUS: "bus",
      AWS_REGION: "eu-west-1",
    });

    expect(config).toMatchObject({
      rawBucket: "raw",
      processedBucket: "processed",
      tableName: "events",
      eventBusName: "bus",
      region: "eu-west-1",
    });
  });

  it("overrides win over the environment", () => {
    const config = awsStoreConfigFromEnv(
      { AXENTRA_RAW_BUCKET: "raw", AXENTRA_EVENT_BUS: "bus" },
      { rawBucket: "flag-raw", eventBusName: "flag-bus", tableName: undefined },
    );

    expect(config.rawBucket).toBe("flag-raw");
    expect(config.eventBusName).toBe("flag-bus");
    expect(config.tableName).toBe("axentra-webhook-events");
  });

  it("blank variables count as unset", () => {
    const config = awsStoreConfigFromEnv({
      AXENTRA_RAW_BUCKET: "  ",
      AWS_ENDPOINT_URL_S3: "",
    });

    expect(config.rawBucket).toBe("axentra-webhook-raw-audit");
    expect(config.forcePathStyle).toBe(false);
  });

  it("S3 endpoint turns on path-style", () => {
    const config = awsStoreConfigFromEnv({
      AWS_ENDPOINT_URL_S3: "http://127.0.0.1:4568",
      AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:8000",
    });

    expect(config.endpoints).toEqual({
      s3: "http://127.0.0.1:4568",
      dynamodb: "http://127.0.0.1:8000",
      eventBridge: undefined,
    });
    expect(config.forcePathStyle).toBe(true);
  });

  it("AWS_ENDPOINT_URL serves every service", () => {
    const config = awsStoreConfigFromEnv({
      AWS_ENDPOINT_URL: "http://127.0.0.1:4566",
      AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:8000",
    });

    expect(config.endpoints).toEqual({
      s3: "http://127.0.0.1:4566",
      dynamodb: "http://127.0.0.1:8000",
      eventBridge: "http://127.0.0.1:4566",
    });
    expect(config.forcePathStyle).toBe(true);
  });
});

describe("createAwsStore", () => {
  const local = {
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9",
    AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9",
    AWS_ENDPOINT_URL_EVENTBRIDGE: "http://127.0.0.1:9",
  };

  it("store without a bus routes nowhere", () => {
    const store = createAwsStore(awsStoreConfigFromEnv(local));
    onTestFinished(() => store.close());

    expect(store.router).toBeInstanceOf(NoBusRouter);
    expect(store.clients.eventBridge).toBeUndefined();
    expect(store.rawStore.bucket).toBe("axentra-webhook-raw-audit");
    expect(store.processedStore.bucket).toBe("axentra-webhook-processed");
  });

  it("store with a bus routes to EventBridge", () => {
    const store = createAwsStore(
      awsStoreConfigFromEnv({ ...local, AXENTRA_EVENT_BUS: "routed" }),
    );
    onTestFinished(() => store.close());

    expect(store.router).toBeInstanceOf(EventBridgeRouter);
    expect(store.clients.eventBridge).toBeDefined();
  });

  it("clients use the configured endpoints", async () => {
    const store = createAwsStore(awsStoreConfigFromEnv(local));
    onTestFinished(() => store.close());
    const { s3, dynamodb } = store.clients;

    expect(s3.config.forcePathStyle).toBe(true);
    expect(await s3.config.region()).toBe("us-east-1");
    expect(await s3.config.endpoint?.()).toMatchObject({
      hostname: "127.0.0.1",
      port: 9,
    });
    expect(await dynamodb.config.endpoint?.()).toMatchObject({
      hostname: "127.0.0.1",
      port: 9,
    });
  });
});
