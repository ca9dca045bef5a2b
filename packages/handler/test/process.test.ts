import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { DynamoEventRegistry, ensureAwsResources } from "@axentra/aws-store";
import {
  LOCAL_CREDENTIALS,
  type LocalEmulator,
  localClients,
  startDynamoDbLocal,
  startS3rver,
} from "@axentra/aws-store/testing";
import { hashPayload, parsePayload } from "@axentra/core";
import { mockClient } from "aws-sdk-client-mock";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from "vitest";
import { loadSamples, RULES_FILE } from "../../../examples/samples.js";
import { HandlerConfigError, HandlerError } from "../src/errors.js";
import { INGEST_SERVICE_NAME } from "../src/ingest-from-env.js";
import { createIngestHandler } from "../src/ingest-handler.js";
import {
  createProcessHandlerFromEnv,
  PROCESSOR_LEASE_SECONDS,
  rulesFilePath,
} from "../src/process-from-env.js";
import { createTelemetry } from "../src/telemetry.js";
import { busEvent, inlineDetail, RECEIVED_AT } from "./support/bus-event.js";
import { functionUrlEvent } from "./support/function-url-event.js";
import { lambdaContext } from "./support/lambda-context.js";
import { type CapturedOutput, captureOutput } from "./support/output.js";

const BUS = "axentra-webhooks-test";
const RECEIVED_SECONDS = Date.parse(RECEIVED_AT) / 1000;
const samples = loadSamples();
const encoder = new TextEncoder();

// There is no local EventBridge emulator, so PutEvents of every
// EventBridgeClient (the router's included) is mocked at request level.
// The S3 and DynamoDB requests go to s3rver and DynamoDB Local.
const eventBridgeMock = mockClient(EventBridgeClient);

let dynamoDbLocal: LocalEmulator;
let s3rver: LocalEmulator;
let s3: S3Client;
let dynamodb: DynamoDBClient;
let output: CapturedOutput;
let resourceCount = 0;

beforeAll(async () => {
  [dynamoDbLocal, s3rver] = await Promise.all([
    startDynamoDbLocal(),
    startS3rver(),
  ]);
  ({ s3, dynamodb } = localClients({
    s3: s3rver.endpoint,
    dynamodb: dynamoDbLocal.endpoint,
  }));
});

afterAll(async () => {
  s3?.destroy();
  dynamodb?.destroy();
  eventBridgeMock.restore();
  await Promise.all([dynamoDbLocal?.stop(), s3rver?.stop()]);
});

beforeEach(() => {
  eventBridgeMock.reset();
  eventBridgeMock
    .on(PutEventsCommand)
    .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "routed-1" }] });
  output = captureOutput();
});

afterEach(() => {
  output.restore();
});

interface Resources {
  readonly rawBucket: string;
  readonly processedBucket: string;
  readonly claimCheckBucket: string;
  readonly tableName: string;
}

/** Creates buckets and a table of their own for one test. */
async function freshResources(): Promise<Resources> {
  resourceCount += 1;
  const { claimCheckBucket, ...storeResources } = {
    rawBucket: `axentra-raw-${resourceCount}`,
    processedBucket: `axentra-processed-${resourceCount}`,
    claimCheckBucket: `axentra-claim-check-${resourceCount}`,
    tableName: `axentra-events-${resourceCount}`,
  };
  await ensureAwsResources({ s3, dynamodb, ...storeResources });
  await s3.send(new CreateBucketCommand({ Bucket: claimCheckBucket }));

  return { ...storeResources, claimCheckBucket };
}

/** Builds the processor's environment, aimed at the emulators. */
function processorEnv(resources: Resources) {
  return {
    AXENTRA_RAW_BUCKET: resources.rawBucket,
    AXENTRA_PROCESSED_BUCKET: resources.processedBucket,
    AXENTRA_CLAIM_CHECK_BUCKET: resources.claimCheckBucket,
    AXENTRA_EVENTS_TABLE: resources.tableName,
    AXENTRA_EVENT_BUS: BUS,
    AXENTRA_RULES_FILE: RULES_FILE,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_S3: s3rver.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbLocal.endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: "http://127.0.0.1:9",
  };
}

async function processor(resources: Resources) {
  return createProcessHandlerFromEnv(processorEnv(resources));
}

async function objectBytes(bucket: string, key: string): Promise<Uint8Array> {
  const output = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key }),
  );

  return (await output.Body?.transformToByteArray()) ?? new Uint8Array();
}

async function keysIn(bucket: string): Promise<string[]> {
  const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));

  return (listing.Contents ?? []).map((object) => object.Key ?? "");
}

async function registryItem(
  tableName: string,
  payloadHash: string,
): Promise<Record<string, AttributeValue> | undefined> {
  const output = await dynamodb.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { payload_hash: { S: payloadHash } },
      ConsistentRead: true,
    }),
  );

  return output.Item;
}

async function itemCount(tableName: string): Promise<number> {
  const output = await dynamodb.send(
    new ScanCommand({ TableName: tableName, Select: "COUNT" }),
  );

  return output.Count ?? 0;
}

function routedEntries(): PutEventsRequestEntry[] {
  return eventBridgeMock
    .commandCalls(PutEventsCommand)
    .flatMap((call) => call.args[0].input.Entries ?? []);
}

/** Awaits a promise that must reject and returns its error. */
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the promise resolved; expected a rejection");
}

function eventIdOf(payloadHash: string, receivedSeconds = RECEIVED_SECONDS) {
  return `${payloadHash.slice(0, 16)}-${receivedSeconds}`;
}

describe("process: samples", () => {
  it.each(samples)(
    "$file is archived, registered and routed",
    async (sample) => {
      const resources = await freshResources();
      const handler = await processor(resources);
      const payloadHash = hashPayload(parsePayload(sample.body));
      const eventId = eventIdOf(payloadHash);
      const key = `${sample.eventType}/2026/12/04/${eventId}.json`;

      const result = await handler(
        busEvent(inlineDetail(sample.body)),
        lambdaContext("axentra-processor"),
      );

      expect(result).toEqual({
        outcome: "created",
        event_id: eventId,
        event_type: sample.eventType,
        payload_hash: payloadHash,
        routing_target: sample.routingTarget,
      });
      expect(await keysIn(resources.rawBucket)).toEqual([key]);
      expect(await objectBytes(resources.rawBucket, key)).toEqual(
        new Uint8Array(sample.body),
      );
      const processed = JSON.parse(
        new TextDecoder().decode(
          await objectBytes(resources.processedBucket, key),
        ),
      );
      expect(processed.metadata).toMatchObject({
        event_id: eventId,
        event_type: sample.eventType,
        payload_hash: payloadHash,
        received_at: RECEIVED_AT,
        routing_target: sample.routingTarget,
      });
      const item = await registryItem(resources.tableName, payloadHash);
      expect(item).toMatchObject({
        payload_hash: { S: payloadHash },
        event_id: { S: eventId },
        event_type: { S: sample.eventType },
        status: { S: "processed" },
        received_at: { S: RECEIVED_AT },
        s3_key: { S: key },
        processed_key: { S: key },
        routing_target: { S: sample.routingTarget },
        duplicate_count: { N: "0" },
      });
      expect(item?.claim_token).toBeUndefined();
      const [routed] = routedEntries();
      expect(routedEntries()).toHaveLength(1);
      expect(routed).toMatchObject({
        EventBusName: BUS,
        Source: "axentra.webhook.routed",
        DetailType: sample.routingTarget,
      });
      expect(JSON.parse(String(routed?.Detail))).toMatchObject({
        event_id: eventId,
        event_type: sample.eventType,
        payload_hash: payloadHash,
        routing_target: sample.routingTarget,
        raw_key: key,
        processed_key: key,
      });
    },
  );
});

describe("process: deliveries", () => {
  const sample = samples[0];
  const body = sample?.body ?? new Uint8Array();

  it("same event twice is a duplicate", async () => {
    const resources = await freshResources();
    const handler = await processor(resources);
    const event = busEvent(inlineDetail(body));

    const first = await handler(event);
    const second = await handler(event);

    expect(first.outcome).toBe("created");
    expect(second).toEqual({ ...first, outcome: "duplicate" });
    expect(await keysIn(resources.rawBucket)).toHaveLength(1);
    expect(await keysIn(resources.processedBucket)).toHaveLength(1);
    expect(routedEntries()).toHaveLength(1);
    const item = await registryItem(
      resources.tableName,
      String(first.payload_hash),
    );
    expect(item?.duplicate_count).toEqual({ N: "1" });
  });

  it("claim-check event reads the claim-check bucket", async () => {
    const resources = await freshResources();
    const large = encoder.encode(
      JSON.stringify({
        type: "INSERT",
        table: "products",
        schema: "public",
        record: { id: "p-1", description: "x".repeat(300 * 1024) },
        old_record: null,
      }),
    );
    // The ingest function writes the claim-check object to s3rver and
    // hands its PutEvents entry to the (mocked) bus.
    const ingest = createIngestHandler(
      {
        webhookSecret: "s3cr3t-shared-between-supabase-and-us",
        eventBusName: BUS,
        claimCheckBucket: resources.claimCheckBucket,
      },
      {
        eventBridge: new EventBridgeClient({
          region: "us-east-1",
          endpoint: "http://127.0.0.1:9",
          credentials: LOCAL_CREDENTIALS,
        }),
        s3,
        ...createTelemetry(INGEST_SERVICE_NAME),
        now: () => new Date(RECEIVED_AT),
      },
    );
    await ingest(
      functionUrlEvent({
        body: large,
        headers: {
          "x-webhook-secret": "s3cr3t-shared-between-supabase-and-us",
        },
      }),
    );
    const [published] = routedEntries();
    eventBridgeMock.resetHistory();
    const detail = JSON.parse(String(published?.Detail));
    const handler = await processor(resources);

    const result = await handler(busEvent(detail));

    expect(detail.body_ref.bucket).toBe(resources.claimCheckBucket);
    expect(detail.body_ref.key).toMatch(/^claim-check\/2026\/12\/04\//);
    expect(result.outcome).toBe("created");
    const key = `product_create/2026/12/04/${result.event_id}.json`;
    // The raw audit bucket contains the audit record and nothing else: the
    // body is archived once, and the claim check stays in its own bucket.
    expect(await keysIn(resources.rawBucket)).toEqual([key]);
    expect(await objectBytes(resources.rawBucket, key)).toEqual(
      new Uint8Array(large),
    );
    expect(await keysIn(resources.claimCheckBucket)).toEqual([
      detail.body_ref.key,
    ]);
    expect(routedEntries()).toHaveLength(1);
    expect(output.logs()).toContainEqual(
      expect.objectContaining({
        message: "event processed",
        body_source: "body_ref",
      }),
    );
  });

  it("event from another producer archives its detail", async () => {
    const resources = await freshResources();
    const handler = await processor(resources);
    const detail = {
      type: "UPDATE",
      table: "stores",
      schema: "public",
      record: { id: "s-1", name: "Downtown Lab", created_at: "2026-01-02" },
      old_record: { id: "s-1", name: "Downtown", created_at: "2026-01-02" },
    };

    const result = await handler(
      busEvent(detail, {
        source: "axentra.webhook",
        "detail-type": "store.changed",
        time: "2026-12-04T11:30:00Z",
      }),
    );

    const payloadHash = hashPayload(
      parsePayload(encoder.encode(JSON.stringify(detail))),
    );
    const eventId = eventIdOf(
      payloadHash,
      Date.parse("2026-12-04T11:30:00Z") / 1000,
    );
    expect(result).toEqual({
      outcome: "created",
      event_id: eventId,
      event_type: "store_update",
      payload_hash: payloadHash,
      routing_target: "store-service",
    });
    expect(
      await objectBytes(
        resources.rawBucket,
        `store_update/2026/12/04/${eventId}.json`,
      ),
    ).toEqual(encoder.encode(JSON.stringify(detail)));
  });

  it.each([
    { body: "{not json", code: "invalid_json" },
    { body: "", code: "empty_body" },
    { body: "[1, 2]", code: "not_an_object" },
  ])("invalid body $code is dropped", async ({ body: text, code }) => {
    const resources = await freshResources();
    const handler = await processor(resources);

    const result = await handler(
      busEvent({
        body: text,
        received_at: RECEIVED_AT,
        payload_hash: "0".repeat(64),
        content_length: text.length,
      }),
    );

    expect(result).toEqual({ outcome: "rejected", error_code: code });
    expect(await keysIn(resources.rawBucket)).toEqual([]);
    expect(await keysIn(resources.processedBucket)).toEqual([]);
    expect(await itemCount(resources.tableName)).toBe(0);
    expect(routedEntries()).toEqual([]);
    expect(output.logs()).toContainEqual(
      expect.objectContaining({
        level: "WARN",
        message: "event rejected; a retry cannot fix it",
        outcome: "rejected",
        error_code: code,
      }),
    );
    expect(output.metrics()).toContainEqual(
      expect.objectContaining({ Rejected: 1 }),
    );
  });

  it("malformed body_ref is dropped", async () => {
    const resources = await freshResources();
    const handler = await processor(resources);

    const result = await handler(
      busEvent({
        body_ref: { bucket: resources.rawBucket },
        received_at: RECEIVED_AT,
      }),
    );

    expect(result).toEqual({
      outcome: "rejected",
      error_code: "invalid_event",
    });
    expect(await itemCount(resources.tableName)).toBe(0);
  });
});

describe("process: failures throw", () => {
  const body = samples[0]?.body ?? new Uint8Array();

  it("missing claim-check object", async () => {
    const resources = await freshResources();
    const handler = await processor(resources);
    const key = `claim-check/2026/12/04/${"a".repeat(64)}.json`;

    const error = await rejectionOf(
      handler(
        busEvent({
          body_ref: { bucket: resources.claimCheckBucket, key },
          received_at: RECEIVED_AT,
        }),
      ),
    );

    expect(error).toBeInstanceOf(HandlerError);
    expect(error.message).toBe(
      `claim-check object s3://${resources.claimCheckBucket}/${key} does not exist`,
    );
    expect(await itemCount(resources.tableName)).toBe(0);
    // The stack's processor-failures alarm watches exactly this metric.
    expect(output.metrics()).toEqual([
      expect.objectContaining({
        service: "axentra-processor",
        Failures: 1,
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            {
              Namespace: "Axentra/Webhooks",
              Dimensions: [["service"]],
              Metrics: [
                { Name: "Failures", Unit: "Count" },
                { Name: "DurationMs", Unit: "Milliseconds" },
              ],
            },
          ],
        }),
      }),
    ]);
  });

  it("claim check in another bucket", async () => {
    const resources = await freshResources();
    const handler = await processor(resources);

    const error = await rejectionOf(
      handler(
        busEvent({
          body_ref: {
            bucket: "someone-elses-bucket",
            key: "claim-check/x.json",
          },
          received_at: RECEIVED_AT,
        }),
      ),
    );

    expect(error).toBeInstanceOf(HandlerError);
    expect(error.message).toBe(
      "claim-check object s3://someone-elses-bucket/claim-check/x.json is " +
        `not in the claim-check bucket ${resources.claimCheckBucket}; set ` +
        "the same AXENTRA_CLAIM_CHECK_BUCKET on the ingest and processor " +
        "functions, then redrive the event",
    );
  });

  it("claim check in the raw audit bucket", async () => {
    // The processor can read the raw audit bucket, but a body_ref that
    // names it is refused like any other bucket's: only the claim-check
    // bucket contains claim checks.
    const resources = await freshResources();
    const handler = await processor(resources);
    const key = "claim-check/2026/12/04/large.json";
    await s3.send(
      new PutObjectCommand({
        Bucket: resources.rawBucket,
        Key: key,
        Body: body,
      }),
    );

    const error = await rejectionOf(
      handler(
        busEvent({
          body_ref: { bucket: resources.rawBucket, key },
          received_at: RECEIVED_AT,
        }),
      ),
    );

    expect(error).toBeInstanceOf(HandlerError);
    expect(error.message).toBe(
      `claim-check object s3://${resources.rawBucket}/${key} is not in the ` +
        `claim-check bucket ${resources.claimCheckBucket}; set the same ` +
        "AXENTRA_CLAIM_CHECK_BUCKET on the ingest and processor functions, " +
        "then redrive the event",
    );
    expect(await itemCount(resources.tableName)).toBe(0);
    expect(await keysIn(resources.rawBucket)).toEqual([key]);
  });

  it("store failure", async () => {
    const resources = await freshResources();
    const handler = await createProcessHandlerFromEnv({
      ...processorEnv(resources),
      AXENTRA_EVENTS_TABLE: "axentra-events-missing",
    });

    const failure = handler(busEvent(inlineDetail(body)));

    await expect(failure).rejects.toMatchObject({ name: "AwsStoreError" });
    expect(await keysIn(resources.rawBucket)).toEqual([]);
    expect(output.logs()).toContainEqual(
      expect.objectContaining({
        level: "ERROR",
        message: "event processing failed; the invocation is retried",
        outcome: "failed",
        error: expect.objectContaining({ name: "AwsStoreError" }),
      }),
    );
    expect(output.metrics()).toContainEqual(
      expect.objectContaining({ Failures: 1 }),
    );
  });

  it("claim held by another delivery", async () => {
    const resources = await freshResources();
    const handler = await processor(resources);
    const payloadHash = hashPayload(parsePayload(body));
    const registry = new DynamoEventRegistry({
      client: dynamodb,
      tableName: resources.tableName,
    });
    const now = new Date();
    await registry.claim({
      payloadHash,
      eventId: eventIdOf(payloadHash),
      receivedAt: new Date(RECEIVED_AT),
      claimToken: "another-delivery",
      leaseExpiresAt: new Date(now.getTime() + PROCESSOR_LEASE_SECONDS * 1000),
      now,
    });

    await expect(handler(busEvent(inlineDetail(body)))).rejects.toMatchObject({
      name: "EventInProgressError",
    });
    expect(await keysIn(resources.rawBucket)).toEqual([]);
    expect(output.logs()).toContainEqual(
      expect.objectContaining({
        level: "WARN",
        message: "event in progress elsewhere; the invocation is retried",
        payload_hash: payloadHash,
        event_id: eventIdOf(payloadHash),
      }),
    );
  });

  it("routing failure", async () => {
    const resources = await freshResources();
    const handler = await processor(resources);
    eventBridgeMock.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [
        { ErrorCode: "ThrottlingException", ErrorMessage: "slow down" },
      ],
    });

    await expect(handler(busEvent(inlineDetail(body)))).rejects.toMatchObject({
      name: "StoreUnavailableError",
    });
    const item = await registryItem(
      resources.tableName,
      hashPayload(parsePayload(body)),
    );
    expect(item?.status).toEqual({ S: "processing" });
  });
});

describe("process: logs and metrics", () => {
  const sample = samples[0];
  const body = sample?.body ?? new Uint8Array();

  it("logs ids and outcome without payload", async () => {
    const resources = await freshResources();
    const handler = await processor(resources);
    const event = busEvent(inlineDetail(body));

    const created = await handler(event, lambdaContext("axentra-processor"));
    await handler(event, lambdaContext("axentra-processor"));

    const logs = output.logs().filter((line) => line.bus_event_id === event.id);
    expect(logs).toMatchObject([
      {
        level: "INFO",
        message: "event processed",
        service: "axentra-processor",
        function_name: "axentra-processor",
        event_id: created.event_id,
        payload_hash: created.payload_hash,
        event_type: sample?.eventType,
        outcome: "created",
        body_source: "body",
      },
      { level: "INFO", message: "duplicate event", outcome: "duplicate" },
    ]);
    expect(logs[0]?.duration_ms).toEqual(expect.any(Number));
    expect(output.text()).not.toContain("Comprehensive Metabolic Panel");
    const metrics = output.metrics();
    expect(metrics).toContainEqual(
      expect.objectContaining({
        service: "axentra-processor",
        Processed: 1,
        DurationMs: expect.any(Number),
      }),
    );
    expect(metrics).toContainEqual(expect.objectContaining({ Duplicates: 1 }));
  });
});

describe("process: configuration", () => {
  it("resolves the rules file against the task root", () => {
    expect(rulesFilePath({ LAMBDA_TASK_ROOT: "/var/task" })).toBe(
      "/var/task/rules.yaml",
    );
    expect(
      rulesFilePath({
        LAMBDA_TASK_ROOT: "/var/task",
        AXENTRA_RULES_FILE: "config/rules.yaml",
      }),
    ).toBe("/var/task/config/rules.yaml");
    expect(
      rulesFilePath({
        LAMBDA_TASK_ROOT: "/var/task",
        AXENTRA_RULES_FILE: "/opt/rules.yaml",
      }),
    ).toBe("/opt/rules.yaml");
    expect(rulesFilePath({})).toBe(`${process.cwd()}/rules.yaml`);
  });

  it("missing rules file fails the init", async () => {
    const resources = await freshResources();

    const error = await rejectionOf(
      createProcessHandlerFromEnv({
        ...processorEnv(resources),
        AXENTRA_RULES_FILE: "/var/task/missing-rules.yaml",
      }),
    );

    expect(error).toBeInstanceOf(HandlerConfigError);
    expect(error.message).toBe(
      "cannot read rules file /var/task/missing-rules.yaml (ENOENT); copy " +
        "rules.yaml into the function bundle or set AXENTRA_RULES_FILE to " +
        "its path",
    );
  });

  it("missing claim-check bucket fails the init", async () => {
    const resources = await freshResources();

    const error = await rejectionOf(
      createProcessHandlerFromEnv({
        ...processorEnv(resources),
        AXENTRA_CLAIM_CHECK_BUCKET: undefined,
      }),
    );

    expect(error).toBeInstanceOf(HandlerConfigError);
    expect(error.message).toBe(
      "AXENTRA_CLAIM_CHECK_BUCKET is not set; set it to the claim-check " +
        "bucket, which holds bodies too large for the bus; give the ingest " +
        "and processor functions the same bucket",
    );
  });

  it("missing event bus fails the init", async () => {
    const resources = await freshResources();

    const error = await rejectionOf(
      createProcessHandlerFromEnv({
        ...processorEnv(resources),
        AXENTRA_EVENT_BUS: undefined,
      }),
    );

    expect(error).toBeInstanceOf(HandlerConfigError);
    expect(error.message).toBe(
      "AXENTRA_EVENT_BUS is not set; set it to the event bus that " +
        "receives routed events",
    );
  });
});
