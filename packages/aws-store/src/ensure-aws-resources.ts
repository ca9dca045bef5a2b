import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import {
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  type BucketLocationConstraint,
  CreateBucketCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  NotFound,
  PutBucketVersioningCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { PipelineError } from "@axentra/core";
import { httpStatusOf, toStoreError } from "./aws-error.js";
import { AwsStoreError } from "./errors.js";
import { ATTRIBUTE } from "./registry-item.js";
import {
  EVENT_ID_INDEX,
  EVENT_TYPE_TIME_INDEX,
  registryTableInput,
} from "./table-schema.js";

/** Action that `ensureAwsResources` took on one resource. */
export type ResourceAction = "created" | "exists" | "updated" | "unsupported";

/** One line of the `ensureAwsResources` report. */
export interface ResourceReport {
  /** The resource, as `s3 bucket NAME` or `dynamodb table NAME ttl`. */
  readonly resource: string;
  readonly action: ResourceAction;
  /** Reason for an `unsupported` action. */
  readonly detail?: string;
}

/** Options of `ensureAwsResources`. */
export interface EnsureAwsResourcesOptions {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly rawBucket: string;
  readonly processedBucket: string;
  readonly tableName: string;
  /** Maximum wait for a new table to become ACTIVE, in seconds; 300 by default. */
  readonly tableWaitSeconds?: number | undefined;
}

/**
 * Creates what the AWS store needs where the SST app has not: both
 * buckets with versioning, and the registry table with its indexes and
 * time to live on `ttl`. Safe to run again: existing resources are checked
 * and left as they are. Endpoints without bucket versioning (s3rver) get
 * `unsupported` on that line. Throws `AwsStoreError` when an existing
 * table has another key schema or lacks an index.
 */
export async function ensureAwsResources(
  options: EnsureAwsResourcesOptions,
): Promise<ResourceReport[]> {
  const report: ResourceReport[] = [];

  for (const bucket of [options.rawBucket, options.processedBucket]) {
    report.push(await ensureBucket(options.s3, bucket));
    report.push(await ensureVersioning(options.s3, bucket));
  }

  report.push(
    await ensureTable(
      options.dynamodb,
      options.tableName,
      options.tableWaitSeconds ?? 300,
    ),
  );
  report.push(await ensureTimeToLive(options.dynamodb, options.tableName));

  return report;
}

async function ensureBucket(
  s3: S3Client,
  bucket: string,
): Promise<ResourceReport> {
  const resource = `s3 bucket ${bucket}`;

  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));

    return { resource, action: "exists" };
  } catch (error) {
    if (!(error instanceof NotFound || httpStatusOf(error) === 404)) {
      throw toStoreError(`S3 HeadBucket of bucket ${bucket}`, error);
    }
  }

  // us-east-1 is the default location and must not be named.
  const region = await s3.config.region();
  const configuration =
    region === "us-east-1"
      ? undefined
      : { LocationConstraint: region as BucketLocationConstraint };
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: configuration,
      }),
    );
  } catch (error) {
    if (error instanceof BucketAlreadyOwnedByYou) {
      return { resource, action: "exists" };
    }
    throw toStoreError(`S3 CreateBucket of bucket ${bucket}`, error);
  }

  return { resource, action: "created" };
}

async function ensureVersioning(
  s3: S3Client,
  bucket: string,
): Promise<ResourceReport> {
  const resource = `s3 bucket ${bucket} versioning`;

  try {
    const current = await s3.send(
      new GetBucketVersioningCommand({ Bucket: bucket }),
    );
    if (current.Status === "Enabled") {
      return { resource, action: "exists" };
    }

    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: "Enabled" },
      }),
    );
  } catch (error) {
    const unsupported = versioningUnsupported(error);
    if (unsupported !== undefined) {
      return { resource, action: "unsupported", detail: unsupported };
    }
    throw toStoreError(`S3 bucket versioning of bucket ${bucket}`, error);
  }

  return { resource, action: "updated" };
}

/**
 * Returns why an endpoint cannot enable versioning, or `undefined` when
 * the error has another cause. Such an endpoint either replies 501
 * NotImplemented or, like s3rver 3.7, does not recognise the `versioning`
 * subresource. s3rver lists the bucket for GetBucketVersioning and treats
 * PutBucketVersioning as CreateBucket, which fails with 409
 * BucketAlreadyExists.
 */
function versioningUnsupported(error: unknown): string | undefined {
  if (httpStatusOf(error) === 501) {
    return "the S3 endpoint does not implement bucket versioning (501)";
  }
  if (
    error instanceof BucketAlreadyExists ||
    error instanceof BucketAlreadyOwnedByYou
  ) {
    return (
      "the S3 endpoint handled PutBucketVersioning as CreateBucket; " +
      "it does not implement bucket versioning"
    );
  }

  return undefined;
}

async function ensureTable(
  dynamodb: DynamoDBClient,
  tableName: string,
  waitSeconds: number,
): Promise<ResourceReport> {
  const resource = `dynamodb table ${tableName}`;
  let action: ResourceAction = "exists";

  try {
    const { Table } = await dynamodb.send(
      new DescribeTableCommand({ TableName: tableName }),
    );
    checkTableSchema(tableName, Table);
  } catch (error) {
    if (error instanceof PipelineError) {
      throw error;
    }
    if (!(error instanceof ResourceNotFoundException)) {
      throw toStoreError(`DynamoDB DescribeTable of table ${tableName}`, error);
    }
    action = await createTable(dynamodb, tableName);
  }

  try {
    await waitUntilTableExists(
      { client: dynamodb, maxWaitTime: waitSeconds, minDelay: 1, maxDelay: 5 },
      { TableName: tableName },
    );
  } catch (error) {
    throw new AwsStoreError(
      `DynamoDB table ${tableName} did not become ACTIVE within ` +
        `${waitSeconds} s; check its status in the console and run again`,
      { cause: error },
    );
  }

  return { resource, action };
}

async function createTable(
  dynamodb: DynamoDBClient,
  tableName: string,
): Promise<ResourceAction> {
  try {
    await dynamodb.send(new CreateTableCommand(registryTableInput(tableName)));

    return "created";
  } catch (error) {
    // Another run created the table between DescribeTable and CreateTable.
    if (error instanceof ResourceInUseException) {
      return "exists";
    }
    throw toStoreError(`DynamoDB CreateTable of table ${tableName}`, error);
  }
}

/**
 * Checks that an existing table has the registry's key schema and both
 * indexes, since the claim relies on payload_hash being the only key.
 */
function checkTableSchema(
  tableName: string,
  table: TableDescription | undefined,
): void {
  const problems: string[] = [];

  const key = (table?.KeySchema ?? [])
    .map((element) => `${element.AttributeName} ${element.KeyType}`)
    .join(", ");
  if (key !== `${ATTRIBUTE.payloadHash} HASH`) {
    problems.push(`key schema is "${key}", expected "payload_hash HASH"`);
  }

  const indexes = new Set(
    (table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName),
  );
  for (const index of [EVENT_ID_INDEX, EVENT_TYPE_TIME_INDEX]) {
    if (!indexes.has(index)) {
      problems.push(`global secondary index ${index} is missing`);
    }
  }

  if (problems.length > 0) {
    throw new AwsStoreError(
      `DynamoDB table ${tableName} exists but does not fit the event ` +
        `registry: ${problems.join("; ")}; use another table name or ` +
        "recreate the table",
    );
  }
}

async function ensureTimeToLive(
  dynamodb: DynamoDBClient,
  tableName: string,
): Promise<ResourceReport> {
  const resource = `dynamodb table ${tableName} ttl`;

  const before = await describeTimeToLive(dynamodb, tableName);
  if (before === "enabled") {
    return { resource, action: "exists" };
  }

  try {
    await dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: {
          Enabled: true,
          AttributeName: ATTRIBUTE.ttl,
        },
      }),
    );
  } catch (error) {
    // DynamoDB rejects the update when a concurrent run enabled time to
    // live first, so a second DescribeTimeToLive checks for that case.
    if ((await describeTimeToLive(dynamodb, tableName)) === "enabled") {
      return { resource, action: "exists" };
    }
    throw toStoreError(
      `DynamoDB UpdateTimeToLive of table ${tableName}`,
      error,
    );
  }

  return { resource, action: "updated" };
}

/**
 * Reads the time to live setting: `enabled` on `ttl` (or being enabled),
 * `disabled`, or an `AwsStoreError` when it is on another attribute.
 */
async function describeTimeToLive(
  dynamodb: DynamoDBClient,
  tableName: string,
): Promise<"enabled" | "disabled"> {
  let status: string | undefined;
  let attribute: string | undefined;
  try {
    const { TimeToLiveDescription } = await dynamodb.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    );
    status = TimeToLiveDescription?.TimeToLiveStatus;
    attribute = TimeToLiveDescription?.AttributeName;
  } catch (error) {
    throw toStoreError(
      `DynamoDB DescribeTimeToLive of table ${tableName}`,
      error,
    );
  }

  if (status !== "ENABLED" && status !== "ENABLING") {
    return "disabled";
  }
  if (attribute !== ATTRIBUTE.ttl) {
    throw new AwsStoreError(
      `DynamoDB table ${tableName} has time to live on attribute ` +
        `${attribute ?? "(unknown)"}, expected ${ATTRIBUTE.ttl}; disable it ` +
        "and run again",
    );
  }

  return "enabled";
}
