import { execFile } from "node:child_process";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";
import { DynamoEventRegistry, ensureAwsResources } from "@axentra/aws-store";
import {
  type LocalEmulator,
  localClients,
  startDynamoDbLocal,
  startS3rver,
} from "@axentra/aws-store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSamples, RULES_FILE } from "../../../examples/samples.js";
import { busEvent } from "./support/bus-event.js";
import {
  type FakeEventBridge,
  startFakeEventBridge,
} from "./support/fake-eventbridge.js";
import { functionUrlEvent } from "./support/function-url-event.js";
import {
  buildLikeSst,
  type FunctionBundle,
  isNodeBuiltin,
} from "./support/sst-build.js";

const run = promisify(execFile);
const SECRET = "s3cr3t-shared-between-supabase-and-us";
const RESOURCES = {
  rawBucket: "axentra-raw-bundle",
  processedBucket: "axentra-processed-bundle",
  tableName: "axentra-events-bundle",
};
const CLAIM_CHECK_BUCKET = "axentra-claim-check-bundle";
const BUS = "axentra-webhooks-bundle";
const SOURCE_FOLDER = join(import.meta.dirname, "../src");

/**
 * Imports a bundle, calls its `handler` with the event in a JSON file, and
 * prints the result as a JSON line, as the Lambda runtime would call it.
 */
const INVOKE_SCRIPT = `
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
const [bundle, eventFile] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);
const event = JSON.parse(await readFile(eventFile, "utf8"));
const result = await handler(event);
process.stdout.write(JSON.stringify({ invocation_result: result }) + "\\n");
`;

let folder: string;
let ingestBundle: FunctionBundle;
let processBundle: FunctionBundle;
let dynamoDbLocal: LocalEmulator;
let s3rver: LocalEmulator;
let eventBridge: FakeEventBridge;
let s3: S3Client;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "axentra-bundle-"));
  [ingestBundle, processBundle] = await Promise.all([
    buildLikeSst(join(SOURCE_FOLDER, "ingest.ts"), folder, "ingest"),
    buildLikeSst(join(SOURCE_FOLDER, "process.ts"), folder, "process"),
  ]);
  // SST's copyFiles puts rules.yaml at the root of the function bundle.
  await copyFile(RULES_FILE, join(folder, "rules.yaml"));
  await writeFile(join(folder, "invoke.mjs"), INVOKE_SCRIPT);

  [dynamoDbLocal, s3rver, eventBridge] = await Promise.all([
    startDynamoDbLocal(),
    startS3rver(),
    startFakeEventBridge(),
  ]);
  ({ s3, dynamodb } = localClients({
    s3: s3rver.endpoint,
    dynamodb: dynamoDbLocal.endpoint,
  }));
  await ensureAwsResources({ s3, dynamodb, ...RESOURCES });
  await s3.send(new CreateBucketCommand({ Bucket: CLAIM_CHECK_BUCKET }));
});

afterAll(async () => {
  s3?.destroy();
  dynamodb?.destroy();
  await Promise.all([
    dynamoDbLocal?.stop(),
    s3rver?.stop(),
    eventBridge?.stop(),
  ]);
  if (folder !== undefined) {
    await rm(folder, { recursive: true, force: true });
  }
});

/**
 * Runs a bundle in a child process whose environment is the function's,
 * aimed at the emulators, with the bundle's folder as task root, plus
 * `env`.
 */
async function invoke(
  bundle: FunctionBundle,
  event: unknown,
  env: Record<string, string> = {},
) {
  const eventFile = join(folder, `event-${Date.now()}.json`);
  await writeFile(eventFile, JSON.stringify(event));
  const { stdout } = await run(
    process.execPath,
    [join(folder, "invoke.mjs"), bundle.file, eventFile],
    {
      cwd: folder,
      timeout: 60_000,
      env: {
        HOME: folder,
        LAMBDA_TASK_ROOT: folder,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "S3RVER",
        AWS_SECRET_ACCESS_KEY: "S3RVER",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_ENDPOINT_URL_S3: s3rver.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: dynamoDbLocal.endpoint,
        AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.endpoint,
        AXENTRA_WEBHOOK_SECRET: SECRET,
        AXENTRA_EVENT_BUS: BUS,
        AXENTRA_RAW_BUCKET: RESOURCES.rawBucket,
        AXENTRA_PROCESSED_BUCKET: RESOURCES.processedBucket,
        AXENTRA_CLAIM_CHECK_BUCKET: CLAIM_CHECK_BUCKET,
        AXENTRA_EVENTS_TABLE: RESOURCES.tableName,
        ...env,
      },
    },
  );
  const lines = stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const result = lines.find((line) => "invocation_result" in line);

  return {
    result: result?.invocation_result as Record<string, unknown> | undefined,
    lines,
  };
}

describe("bundles built like SST", () => {
  it("leave only Node.js built-ins external", () => {
    for (const bundle of [ingestBundle, processBundle]) {
      expect(
        bundle.externalImports.filter((path) => !isNodeBuiltin(path)),
      ).toEqual([]);
      expect(bundle.bytes).toBeGreaterThan(0);
    }
  });

  it("ingest and process a delivery", async () => {
    const sample = loadSamples()[0];
    const body = sample?.body ?? new Uint8Array();

    const ingested = await invoke(
      ingestBundle,
      functionUrlEvent({ body, headers: { "x-webhook-secret": SECRET } }),
    );

    expect(ingested.result).toMatchObject({ statusCode: 202 });
    const [queued] = eventBridge.entries;
    expect(queued).toMatchObject({
      EventBusName: BUS,
      Source: "axentra.webhook",
      DetailType: "webhook.received",
    });
    const detail = JSON.parse(String(queued?.Detail));

    const processed = await invoke(processBundle, busEvent(detail));

    expect(processed.result).toMatchObject({
      outcome: "created",
      event_type: sample?.eventType,
      routing_target: sample?.routingTarget,
      payload_hash: detail.payload_hash,
    });
    const key = `${sample?.eventType}/${detail.received_at.slice(0, 10).replaceAll("-", "/")}/${processed.result?.event_id}.json`;
    const raw = await s3.send(
      new GetObjectCommand({ Bucket: RESOURCES.rawBucket, Key: key }),
    );
    expect(await raw.Body?.transformToByteArray()).toEqual(
      new Uint8Array(body),
    );
    const listing = await s3.send(
      new ListObjectsV2Command({ Bucket: RESOURCES.processedBucket }),
    );
    expect(listing.Contents?.map((object) => object.Key)).toEqual([key]);
    const record = await new DynamoEventRegistry({
      client: dynamodb,
      tableName: RESOURCES.tableName,
    }).findByHash(detail.payload_hash);
    expect(record).toMatchObject({
      eventId: processed.result?.event_id,
      status: "processed",
      rawKey: key,
      processedKey: key,
      routingTarget: sample?.routingTarget,
    });
    expect(eventBridge.entries[1]).toMatchObject({
      EventBusName: BUS,
      Source: "axentra.webhook.routed",
      DetailType: sample?.routingTarget,
    });
    expect(processed.lines).toContainEqual(
      expect.objectContaining({
        message: "processor initialized",
        rules_file: join(folder, "rules.yaml"),
      }),
    );
  });

  it("carry a large delivery through the claim-check bucket", async () => {
    const body = new TextEncoder().encode(
      JSON.stringify({
        type: "UPDATE",
        table: "stores",
        schema: "public",
        record: { id: "s-bundle", name: "Uptown Lab" },
        old_record: { id: "s-bundle", name: "Uptown" },
      }),
    );
    const queuedBefore = eventBridge.entries.length;

    // A limit below the body's size sends it through a claim check.
    const ingested = await invoke(
      ingestBundle,
      functionUrlEvent({ body, headers: { "x-webhook-secret": SECRET } }),
      { AXENTRA_MAX_EVENT_BYTES: "64" },
    );

    expect(ingested.result).toMatchObject({ statusCode: 202 });
    const detail = JSON.parse(
      String(eventBridge.entries[queuedBefore]?.Detail),
    );
    expect(detail.body_ref).toEqual({
      bucket: CLAIM_CHECK_BUCKET,
      key: `claim-check/${detail.received_at.slice(0, 10).replaceAll("-", "/")}/${detail.payload_hash}.json`,
    });

    const processed = await invoke(processBundle, busEvent(detail));

    expect(processed.result).toMatchObject({
      outcome: "created",
      event_type: "store_update",
      payload_hash: detail.payload_hash,
    });
    const key = `store_update/${detail.received_at.slice(0, 10).replaceAll("-", "/")}/${processed.result?.event_id}.json`;
    const raw = await s3.send(
      new GetObjectCommand({ Bucket: RESOURCES.rawBucket, Key: key }),
    );
    expect(await raw.Body?.transformToByteArray()).toEqual(body);
    const rawKeys = await s3.send(
      new ListObjectsV2Command({ Bucket: RESOURCES.rawBucket }),
    );
    expect(
      rawKeys.Contents?.map((object) => object.Key).filter((name) =>
        name?.startsWith("claim-check/"),
      ),
    ).toEqual([]);
  });
});
