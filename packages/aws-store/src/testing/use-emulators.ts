import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll } from "vitest";
import { startDynamoDbLocal } from "./dynamodb-local.js";
import { localDynamoDbClient, localS3Client } from "./local-clients.js";
import { type LocalEmulator, startS3rver } from "./s3rver.js";

/** s3rver and DynamoDB Local on loopback, with clients aimed at them. */
export interface Emulators {
  readonly s3Endpoint: string;
  readonly dynamodbEndpoint: string;
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
}

/**
 * Starts s3rver and DynamoDB Local before a test file's tests and stops
 * both after them, also when a test fails. Returns a getter for the
 * running emulators. Call it at the top level of a vitest test file.
 */
export function useEmulators(): () => Emulators {
  let running: LocalEmulator[] = [];
  let emulators: Emulators | undefined;

  beforeAll(async () => {
    const [s3, dynamodb] = await Promise.all([
      startS3rver(),
      startDynamoDbLocal(),
    ]);
    running = [s3, dynamodb];
    emulators = {
      s3Endpoint: s3.endpoint,
      dynamodbEndpoint: dynamodb.endpoint,
      s3: localS3Client(s3.endpoint),
      dynamodb: localDynamoDbClient(dynamodb.endpoint),
    };
  });

  afterAll(async () => {
    emulators?.s3.destroy();
    emulators?.dynamodb.destroy();
    const stopping = running.map((emulator) => emulator.stop());
    running = [];
    await Promise.all(stopping);
  });

  return () => {
    if (emulators === undefined) {
      throw new Error("the emulators did not start; see the beforeAll error");
    }

    return emulators;
  };
}
