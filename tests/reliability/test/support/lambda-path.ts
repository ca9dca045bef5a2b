import { randomUUID } from "node:crypto";
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import {
  type AwsStore,
  createAwsStore,
  EventBridgeRouter,
} from "@axentra/aws-store";
import { LOCAL_CREDENTIALS, localS3Client } from "@axentra/aws-store/testing";
import {
  createPipeline,
  hashPayload,
  parsePayload,
  type RegistryRecord,
} from "@axentra/core";
import {
  type BusEvent,
  createIngestHandler,
  createProcessHandler,
  createTelemetry,
  INGEST_SERVICE_NAME,
  type IngestHandler,
  PROCESSOR_SERVICE_NAME,
  type ProcessHandler,
} from "@axentra/handler";
import type { Rules } from "@axentra/rules";
import { mockClient } from "aws-sdk-client-mock";
import {
  type AwsResources,
  bucketKeys,
  type Emulators,
  objectText,
} from "./emulators.js";

/** Name of the bus that receives webhooks and routed events in the tests. */
export const TEST_BUS = "axentra-reliability";

/** Options of `createLambdaPath`. */
export interface LambdaPathOptions {
  readonly emulators: Emulators;
  readonly resources: AwsResources;
  /** `AXENTRA_WEBHOOK_SECRET` of the ingest function. */
  readonly webhookSecret: string;
  readonly rules: Rules;
  /** Claim lease of the processor, in seconds; 90 as deployed by default. */
  readonly leaseSeconds?: number;
  /**
   * Endpoints of the processor's S3 and DynamoDB clients, such as a fault
   * proxy in front of the emulators; the emulators by default.
   */
  readonly endpoints?: { readonly s3: string; readonly dynamodb: string };
}

/** The ingest and process handlers wired as the SST app wires them. */
export interface LambdaPath {
  readonly ingest: IngestHandler;
  readonly process: ProcessHandler;
  /** The processor's AWS store. */
  readonly store: AwsStore;
  /** PutEvents entries the ingest function sent, in order. */
  webhookEntries(): PutEventsRequestEntry[];
  /** PutEvents entries of routed events the processor sent, in order. */
  routedEntries(): PutEventsRequestEntry[];
  /** Keys of claim-check objects in the raw audit bucket. */
  claimCheckKeys(): Promise<string[]>;
  /** Registry record of a payload hash. */
  record(payloadHash: string): Promise<RegistryRecord | undefined>;
  /** Text of a processed document. */
  processedText(key: string): Promise<string>;
  close(): void;
}

/**
 * Builds the event EventBridge hands to the processor for a PutEvents
 * entry. Lambda parses the event with JSON.parse, and so does this.
 */
export function busEventOf(entry: PutEventsRequestEntry): BusEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": entry.DetailType ?? "",
    source: entry.Source ?? "",
    account: "123456789012",
    time: new Date().toISOString().replace(/\.[0-9]+Z$/, "Z"),
    region: "us-east-1",
    resources: [],
    detail: JSON.parse(entry.Detail ?? "null"),
  };
}

/**
 * Builds the PutEvents entry that the ingest function sends for a body
 * small enough to travel inline.
 */
export function inlineEntry(
  body: Uint8Array,
  receivedAt = new Date(),
): PutEventsRequestEntry {
  return {
    EventBusName: TEST_BUS,
    Source: "axentra.webhook",
    DetailType: "webhook.received",
    Detail: JSON.stringify({
      body: new TextDecoder().decode(body),
      received_at: receivedAt.toISOString(),
      payload_hash: hashPayload(parsePayload(body)),
      content_length: body.byteLength,
    }),
  };
}

/**
 * Creates an EventBridge client whose PutEvents calls aws-sdk-client-mock
 * handles, because no local EventBridge exists. Its endpoint is a closed
 * loopback port, so a call that the mock does not handle reaches nothing.
 */
function mockedBus() {
  const client = new EventBridgeClient({
    region: "us-east-1",
    endpoint: "http://127.0.0.1:9",
    credentials: LOCAL_CREDENTIALS,
  });
  const mock = mockClient(client);
  mock
    .on(PutEventsCommand)
    .resolves({ FailedEntryCount: 0, Entries: [{ EventId: randomUUID() }] });
  const entries = () =>
    mock
      .commandCalls(PutEventsCommand)
      .flatMap((call) => call.args[0].input.Entries ?? []);

  return { client, entries };
}

/**
 * Creates the ingest handler (claim checks in s3rver, PutEvents mocked) and
 * the process handler with its pipeline on s3rver and DynamoDB Local.
 */
export function createLambdaPath(options: LambdaPathOptions): LambdaPath {
  const { emulators, resources } = options;
  const webhookBus = mockedBus();
  const routedBus = mockedBus();
  const ingestS3 = localS3Client(emulators.s3Endpoint);

  const ingest = createIngestHandler(
    {
      webhookSecret: options.webhookSecret,
      eventBusName: TEST_BUS,
      claimCheckBucket: resources.rawBucket,
    },
    {
      eventBridge: webhookBus.client,
      s3: ingestS3,
      ...createTelemetry(INGEST_SERVICE_NAME),
    },
  );

  const store = createAwsStore({
    ...resources,
    region: "us-east-1",
    endpoints: options.endpoints ?? {
      s3: emulators.s3Endpoint,
      dynamodb: emulators.dynamodbEndpoint,
    },
    forcePathStyle: true,
  });
  const pipeline = createPipeline({
    rules: options.rules,
    rawStore: store.rawStore,
    processedStore: store.processedStore,
    registry: store.registry,
    router: new EventBridgeRouter({
      client: routedBus.client,
      eventBusName: TEST_BUS,
    }),
    leaseSeconds: options.leaseSeconds ?? 90,
  });
  const processEvent = createProcessHandler(
    { claimCheckBucket: resources.rawBucket },
    {
      pipeline,
      s3: store.clients.s3,
      ...createTelemetry(PROCESSOR_SERVICE_NAME),
    },
  );

  return {
    ingest,
    process: processEvent,
    store,
    webhookEntries: webhookBus.entries,
    routedEntries: routedBus.entries,
    claimCheckKeys: () =>
      bucketKeys(emulators.s3, resources.rawBucket, "claim-check/"),
    record: (payloadHash) => store.registry.findByHash(payloadHash),
    processedText: (key) =>
      objectText(emulators.s3, resources.processedBucket, key),
    close() {
      ingestS3.destroy();
      store.close();
      webhookBus.client.destroy();
      routedBus.client.destroy();
    },
  };
}
