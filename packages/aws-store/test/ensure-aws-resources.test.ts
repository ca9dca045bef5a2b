import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  CreateBucketCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  NotFound,
  PutBucketVersioningCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  AwsStoreError,
  ensureAwsResources,
  registryTableInput,
} from "@axentra/aws-store";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { uniqueName, useEmulators } from "./support/emulators.js";
import { rejectionOf } from "./support/rejection.js";
import { s3Error } from "./support/sdk-errors.js";

const emulators = useEmulators();

const S3RVER_VERSIONING =
  "the S3 endpoint handled PutBucketVersioning as CreateBucket; it does " +
  "not implement bucket versioning";

function names() {
  return {
    rawBucket: uniqueName("raw"),
    processedBucket: uniqueName("processed"),
    tableName: uniqueName("events"),
  };
}

describe("ensureAwsResources on emulators", () => {
  it("second run finds everything", async () => {
    const { s3, dynamodb } = emulators();
    const resources = names();
    const { rawBucket, processedBucket, tableName } = resources;

    const first = await ensureAwsResources({ s3, dynamodb, ...resources });
    const second = await ensureAwsResources({ s3, dynamodb, ...resources });

    expect(first).toEqual([
      { resource: `s3 bucket ${rawBucket}`, action: "created" },
      {
        resource: `s3 bucket ${rawBucket} versioning`,
        action: "unsupported",
        detail: S3RVER_VERSIONING,
      },
      { resource: `s3 bucket ${processedBucket}`, action: "created" },
      {
        resource: `s3 bucket ${processedBucket} versioning`,
        action: "unsupported",
        detail: S3RVER_VERSIONING,
      },
      { resource: `dynamodb table ${tableName}`, action: "created" },
      { resource: `dynamodb table ${tableName} ttl`, action: "updated" },
    ]);
    // s3rver has no versioning, so those lines stay unsupported.
    expect(second).toEqual([
      { resource: `s3 bucket ${rawBucket}`, action: "exists" },
      {
        resource: `s3 bucket ${rawBucket} versioning`,
        action: "unsupported",
        detail: S3RVER_VERSIONING,
      },
      { resource: `s3 bucket ${processedBucket}`, action: "exists" },
      {
        resource: `s3 bucket ${processedBucket} versioning`,
        action: "unsupported",
        detail: S3RVER_VERSIONING,
      },
      { resource: `dynamodb table ${tableName}`, action: "exists" },
      { resource: `dynamodb table ${tableName} ttl`, action: "exists" },
    ]);
  });

  it("table has the registry schema", async () => {
    const { s3, dynamodb } = emulators();
    const resources = names();

    await ensureAwsResources({ s3, dynamodb, ...resources });

    const { Table } = await dynamodb.send(
      new DescribeTableCommand({ TableName: resources.tableName }),
    );
    expect(Table?.TableStatus).toBe("ACTIVE");
    expect(Table?.KeySchema).toEqual([
      { AttributeName: "payload_hash", KeyType: "HASH" },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    const indexes = (Table?.GlobalSecondaryIndexes ?? [])
      .map((index) => ({
        name: index.IndexName,
        key: index.KeySchema,
        projection: index.Projection?.ProjectionType,
      }))
      .sort((left, right) => (left.name ?? "").localeCompare(right.name ?? ""));
    expect(indexes).toEqual([
      {
        name: "event_id-index",
        key: [{ AttributeName: "event_id", KeyType: "HASH" }],
        projection: "ALL",
      },
      {
        name: "event_type-processing_timestamp-index",
        key: [
          { AttributeName: "event_type", KeyType: "HASH" },
          { AttributeName: "processing_timestamp", KeyType: "RANGE" },
        ],
        projection: "ALL",
      },
    ]);
    const { TimeToLiveDescription } = await dynamodb.send(
      new DescribeTimeToLiveCommand({ TableName: resources.tableName }),
    );
    expect(TimeToLiveDescription).toEqual({
      TimeToLiveStatus: "ENABLED",
      AttributeName: "ttl",
    });
  });

  it("table with another key is rejected", async () => {
    const { s3, dynamodb } = emulators();
    const resources = names();
    const wrongTable = registryTableInput(resources.tableName);
    await dynamodb.send(
      new CreateTableCommand({
        ...wrongTable,
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        GlobalSecondaryIndexes: undefined,
      }),
    );

    const error = await rejectionOf(
      ensureAwsResources({ s3, dynamodb, ...resources }),
    );

    expect(error).toBeInstanceOf(AwsStoreError);
    expect((error as Error).message).toBe(
      `DynamoDB table ${resources.tableName} exists but does not fit the ` +
        'event registry: key schema is "id HASH", expected "payload_hash ' +
        'HASH"; global secondary index event_id-index is missing; global ' +
        "secondary index event_type-processing_timestamp-index is missing; " +
        "use another table name or recreate the table",
    );
  });
});

/**
 * s3rver has no versioning and DynamoDB Local takes any request, so the
 * S3 replies of an account (versioning off, then enabled; a 501 endpoint;
 * a bucket created by a concurrent run) come from aws-sdk-client-mock.
 * The table steps still run on DynamoDB Local.
 */
describe("ensureAwsResources S3 requests", () => {
  function mockedS3(region: string) {
    const client = new S3Client({
      endpoint: "http://127.0.0.1:9",
      region,
      credentials: { accessKeyId: "LOCAL", secretAccessKey: "LOCAL" },
      forcePathStyle: true,
    });

    return { client, s3: mockClient(client) };
  }

  it("versioning off is enabled", async () => {
    const { client, s3 } = mockedS3("us-east-1");
    s3.on(HeadBucketCommand).resolves({});
    s3.on(GetBucketVersioningCommand).resolves({});
    s3.on(PutBucketVersioningCommand).resolves({});
    const resources = names();

    const report = await ensureAwsResources({
      s3: client,
      dynamodb: emulators().dynamodb,
      ...resources,
    });

    expect(report.slice(0, 2)).toEqual([
      { resource: `s3 bucket ${resources.rawBucket}`, action: "exists" },
      {
        resource: `s3 bucket ${resources.rawBucket} versioning`,
        action: "updated",
      },
    ]);
    const [put] = s3.commandCalls(PutBucketVersioningCommand);
    expect(put?.args[0].input).toEqual({
      Bucket: resources.rawBucket,
      VersioningConfiguration: { Status: "Enabled" },
    });
  });

  it("bucket outside us-east-1 names its region", async () => {
    const { client, s3 } = mockedS3("eu-west-1");
    s3.on(HeadBucketCommand).rejects(
      new NotFound({
        message: "Not Found",
        $metadata: { httpStatusCode: 404 },
      }),
    );
    s3.on(CreateBucketCommand).resolves({});
    s3.on(GetBucketVersioningCommand).resolves({ Status: "Enabled" });
    const resources = names();

    const report = await ensureAwsResources({
      s3: client,
      dynamodb: emulators().dynamodb,
      ...resources,
    });

    expect(report.slice(0, 2)).toEqual([
      { resource: `s3 bucket ${resources.rawBucket}`, action: "created" },
      {
        resource: `s3 bucket ${resources.rawBucket} versioning`,
        action: "exists",
      },
    ]);
    const [create] = s3.commandCalls(CreateBucketCommand);
    expect(create?.args[0].input).toEqual({
      Bucket: resources.rawBucket,
      CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
    });
  });

  it("501 versioning is unsupported", async () => {
    const { client, s3 } = mockedS3("us-east-1");
    s3.on(HeadBucketCommand).resolves({});
    s3.on(GetBucketVersioningCommand).rejects(
      s3Error(
        "NotImplemented",
        501,
        "A parameter you provided implies functionality that is not implemented",
      ),
    );

    const report = await ensureAwsResources({
      s3: client,
      dynamodb: emulators().dynamodb,
      ...names(),
    });

    expect(report[1]?.action).toBe("unsupported");
    expect(report[1]?.detail).toBe(
      "the S3 endpoint does not implement bucket versioning (501)",
    );
  });
});
