import { randomBytes } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import {
  type LocalEmulator,
  localDynamoDbClient,
  localS3Client,
  startDynamoDbLocal,
  startS3rver,
} from "@axentra/aws-store/testing";
import { afterAll, beforeAll } from "vitest";

/** Emulators started for one test file, with clients aimed at them. */
export interface Emulators {
  readonly s3Endpoint: string;
  readonly dynamodbEndpoint: string;
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
}

/**
 * Starts s3rver and DynamoDB Local before the file's tests and stops both
 * after them, also when a test fails. Returns a getter for the running
 * emulators.
 */
export function useEmulators(): () => Emulators {
  let running: LocalEmulator[] = [];
  let emulators: Emulators | undefined;

  beforeAll(async () => {
    const s3 = await startS3rver();
    running.push(s3);
    const dynamodb = await startDynamoDbLocal();
    running.push(dynamodb);

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

/** Returns a new bucket or table name, valid for both services. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}
