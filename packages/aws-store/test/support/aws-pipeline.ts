import { fileURLToPath } from "node:url";
import {
  type AttributeValue,
  GetItemCommand,
  paginateScan,
} from "@aws-sdk/client-dynamodb";
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import {
  type AwsStore,
  awsStoreConfigFromEnv,
  createAwsStore,
  ensureAwsResources,
} from "@axentra/aws-store";
import type { ObjectStore } from "@axentra/core";
import { mockClient } from "aws-sdk-client-mock";
import { onTestFinished } from "vitest";
import type { Emulators } from "./emulators.js";
import { uniqueName } from "./emulators.js";

/** The repository's rules file. */
export const RULES_FILE = fileURLToPath(
  new URL("../../../../rules.yaml", import.meta.url),
);

/** The repository's sample deliveries. */
export const EXAMPLES_FOLDER = fileURLToPath(
  new URL("../../../../examples/", import.meta.url),
);

/** An AWS store on the emulators, with fresh buckets and table. */
export interface EmulatedStore {
  readonly store: AwsStore;
  readonly rawBucket: string;
  readonly processedBucket: string;
  readonly tableName: string;
  /** Every key in a store, in listing order. */
  keys(store: ObjectStore): Promise<string[]>;
  /** The registry item of a payload hash, as DynamoDB stores it. */
  item(
    payloadHash: string,
  ): Promise<Record<string, AttributeValue> | undefined>;
  /** Every registry item. */
  items(): Promise<Record<string, AttributeValue>[]>;
}

/**
 * Creates an AWS store the way the CLI does, from environment variables
 * that point at the emulators, and creates its resources. The clients are
 * closed when the test ends.
 */
export async function emulatedStore(
  emulators: Emulators,
): Promise<EmulatedStore> {
  const config = awsStoreConfigFromEnv(
    {
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_S3: emulators.s3Endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodbEndpoint,
      AXENTRA_RAW_BUCKET: uniqueName("raw"),
      AXENTRA_PROCESSED_BUCKET: uniqueName("processed"),
      AXENTRA_EVENTS_TABLE: uniqueName("events"),
    },
    {},
  );
  const store = createAwsStore(config);
  onTestFinished(() => store.close());
  const { rawBucket, processedBucket, tableName } = config;
  await ensureAwsResources({
    s3: store.clients.s3,
    dynamodb: store.clients.dynamodb,
    rawBucket,
    processedBucket,
    tableName,
  });

  return {
    store,
    rawBucket,
    processedBucket,
    tableName,
    async keys(objects) {
      const keys: string[] = [];
      for await (const key of objects.list()) {
        keys.push(key);
      }

      return keys;
    },
    async item(payloadHash) {
      const { Item } = await store.clients.dynamodb.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { payload_hash: { S: payloadHash } },
          ConsistentRead: true,
        }),
      );

      return Item;
    },
    async items() {
      const items: Record<string, AttributeValue>[] = [];
      const pages = paginateScan(
        { client: store.clients.dynamodb },
        { TableName: tableName, ConsistentRead: true },
      );
      for await (const page of pages) {
        items.push(...(page.Items ?? []));
      }

      return items;
    },
  };
}

/**
 * An EventBridge client whose PutEvents calls are handled by aws-sdk-client-mock
 * (no EventBridge emulator runs here), and the entries it was given.
 */
export function mockedEventBridge(): {
  client: EventBridgeClient;
  entries: () => PutEventsRequestEntry[];
} {
  const client = new EventBridgeClient({
    endpoint: "http://127.0.0.1:9",
    region: "us-east-1",
    credentials: { accessKeyId: "LOCAL", secretAccessKey: "LOCAL" },
  });
  const eventBridge = mockClient(client);
  eventBridge
    .on(PutEventsCommand)
    .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "routed" }] });

  return {
    client,
    entries: () =>
      eventBridge
        .commandCalls(PutEventsCommand)
        .flatMap((call) => call.args[0].input.Entries ?? []),
  };
}

/** A clock that tests move by hand. */
export class ManualClock {
  #now: Date;

  constructor(start: Date) {
    this.#now = start;
  }

  readonly now = (): Date => this.#now;

  set(time: Date): void {
    this.#now = time;
  }
}
