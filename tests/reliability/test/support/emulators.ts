import { randomBytes } from "node:crypto";
import {
  type AttributeValue,
  type DynamoDBClient,
  paginateScan,
} from "@aws-sdk/client-dynamodb";
import {
  GetObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from "@aws-sdk/client-s3";
import { ensureAwsResources } from "@axentra/aws-store";
import type { Emulators } from "@axentra/aws-store/testing";

export { type Emulators, useEmulators } from "@axentra/aws-store/testing";

/** Names of one set of AWS store resources on the emulators. */
export interface AwsResources {
  readonly rawBucket: string;
  readonly processedBucket: string;
  readonly tableName: string;
}

/** Creates two new buckets and a new registry table on the emulators. */
export async function createResources(
  emulators: Emulators,
): Promise<AwsResources> {
  const suffix = randomBytes(6).toString("hex");
  const resources = {
    rawBucket: `raw-${suffix}`,
    processedBucket: `processed-${suffix}`,
    tableName: `events-${suffix}`,
  };
  await ensureAwsResources({
    s3: emulators.s3,
    dynamodb: emulators.dynamodb,
    ...resources,
  });

  return resources;
}

/** Lists every key of a bucket, with an optional prefix. */
export async function bucketKeys(
  s3: S3Client,
  bucket: string,
  prefix?: string,
): Promise<string[]> {
  const keys: string[] = [];
  const pages = paginateListObjectsV2(
    { client: s3 },
    { Bucket: bucket, ...(prefix === undefined ? {} : { Prefix: prefix }) },
  );
  for await (const page of pages) {
    keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ""));
  }

  return keys.sort();
}

/** Reads an object of a bucket as text. */
export async function objectText(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<string> {
  const output = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key }),
  );

  return (await output.Body?.transformToString("utf8")) ?? "";
}

/** Reads every item of a registry table with consistent reads. */
export async function tableItems(
  dynamodb: DynamoDBClient,
  tableName: string,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  const pages = paginateScan(
    { client: dynamodb },
    { TableName: tableName, ConsistentRead: true },
  );
  for await (const page of pages) {
    items.push(...(page.Items ?? []));
  }

  return items;
}
