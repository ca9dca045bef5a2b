import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";

/**
 * Fake static credentials for the emulators. s3rver accepts only this key
 * pair; DynamoDB Local accepts any key made of letters and digits.
 */
export const LOCAL_CREDENTIALS = {
  accessKeyId: "S3RVER",
  secretAccessKey: "S3RVER",
} as const;

/** Region of the local clients. */
export const LOCAL_REGION = "us-east-1";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** Endpoints of the emulators, as returned by the start functions. */
export interface LocalEndpoints {
  readonly s3: string;
  readonly dynamodb: string;
}

/** SDK clients aimed at local emulators. */
export interface LocalClients {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  /** Closes both clients' connections. */
  destroy(): void;
}

/**
 * Creates an S3 client for a local endpoint: fake static credentials,
 * region us-east-1, path-style addressing (emulators serve one host).
 * Throws when the endpoint is not a loopback address.
 */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint: loopbackEndpoint(endpoint),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
  });
}

/**
 * Creates a DynamoDB client for a local endpoint: fake static credentials
 * and region us-east-1. Throws when the endpoint is not a loopback address.
 */
export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: loopbackEndpoint(endpoint),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
}

/** Creates S3 and DynamoDB clients for local emulators. */
export function localClients(endpoints: LocalEndpoints): LocalClients {
  const s3 = localS3Client(endpoints.s3);
  const dynamodb = localDynamoDbClient(endpoints.dynamodb);

  return {
    s3,
    dynamodb,
    destroy() {
      s3.destroy();
      dynamodb.destroy();
    },
  };
}

function loopbackEndpoint(endpoint: string): string {
  const host = new URL(endpoint).hostname;
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(
      `endpoint ${endpoint} is not a loopback address; local clients only ` +
        "talk to emulators on 127.0.0.1, [::1] or localhost",
    );
  }

  return endpoint;
}
