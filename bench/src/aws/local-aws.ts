import {
  CreateTableCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { S3Client } from "@aws-sdk/client-s3";
import { ensureAwsResources, registryTableInput } from "@axentra/aws-store";
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalEmulator,
  localDynamoDbClient,
  localS3Client,
  startDynamoDbLocal,
  startS3rver,
} from "@axentra/aws-store/testing";
import { CallRecorder } from "./call-recorder.js";
import {
  type FakeEventBridge,
  startFakeEventBridge,
} from "./fake-eventbridge.js";

/** Names of the buckets, tables and bus the part uses. */
export const RESOURCES = {
  rawBucket: "axentra-bench-raw",
  processedBucket: "axentra-bench-processed",
  tableName: "axentra-bench-events",
  originalRawBucket: "axentra-bench-original-raw",
  originalProcessedBucket: "axentra-bench-original-processed",
  originalTableName: "axentra-bench-original-events",
  eventBusName: "axentra-bench-bus",
} as const;

/** SDK clients aimed at the emulators, each recorded. */
export interface LocalClients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly eventBridge: EventBridgeClient;
}

/** The emulators, the recorder and the clients of one run of the part. */
export interface LocalAws {
  readonly recorder: CallRecorder;
  readonly bus: FakeEventBridge;
  /** Creates recorded clients; `settings` are extra client settings. */
  clients(settings?: object): LocalClients;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local, s3rver and the PutEvents stand-in on 127.0.0.1,
 * creates the buckets and tables of both plans, and hands out clients
 * with fake static credentials, and the recorder records their calls.
 */
export async function startLocalAws(): Promise<LocalAws> {
  // Nothing may probe the EC2 instance metadata address for credentials.
  process.env.AWS_EC2_METADATA_DISABLED = "true";

  const started: { stop(): Promise<void> }[] = [];
  try {
    const [dynamoDbLocal, s3rver, bus] = await Promise.all([
      startDynamoDbLocal().then(track(started)),
      startS3rver({
        buckets: [
          RESOURCES.rawBucket,
          RESOURCES.processedBucket,
          RESOURCES.originalRawBucket,
          RESOURCES.originalProcessedBucket,
        ],
      }).then(track(started)),
      startFakeEventBridge().then(track(started)),
    ]);
    await createResources(dynamoDbLocal, s3rver);

    const recorder = new CallRecorder();
    const createdClients: { destroy(): void }[] = [];
    return {
      recorder,
      bus,
      clients(settings = {}) {
        const s3 = localS3Client(s3rver.endpoint);
        const dynamodb = localDynamoDbClient(dynamoDbLocal.endpoint);
        const eventBridge = new EventBridgeClient({
          ...settings,
          endpoint: bus.endpoint,
          region: LOCAL_REGION,
          credentials: LOCAL_CREDENTIALS,
        });
        for (const client of [s3, dynamodb, eventBridge]) {
          recorder.attach(client);
          createdClients.push(client);
        }
        return { s3, dynamodb, eventBridge };
      },
      async stop() {
        for (const client of createdClients) {
          client.destroy();
        }
        await Promise.all(started.map((emulator) => emulator.stop()));
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((emulator) => emulator.stop()));
    throw error;
  }
}

function track<T extends { stop(): Promise<void> }>(
  started: { stop(): Promise<void> }[],
) {
  return (emulator: T): T => {
    started.push(emulator);
    return emulator;
  };
}

async function createResources(
  dynamoDbLocal: LocalEmulator,
  s3rver: LocalEmulator,
): Promise<void> {
  const s3 = localS3Client(s3rver.endpoint);
  const dynamodb = localDynamoDbClient(dynamoDbLocal.endpoint);
  try {
    await ensureAwsResources({
      s3,
      dynamodb,
      rawBucket: RESOURCES.rawBucket,
      processedBucket: RESOURCES.processedBucket,
      tableName: RESOURCES.tableName,
    });
    // The original plan's registry gets the same indexes, so that the two
    // plans differ only in the calls they make.
    await dynamodb.send(
      new CreateTableCommand(registryTableInput(RESOURCES.originalTableName)),
    );
  } finally {
    s3.destroy();
    dynamodb.destroy();
  }
}
