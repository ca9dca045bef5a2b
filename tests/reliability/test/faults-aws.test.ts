import { hashPayload, parsePayload } from "@axentra/core";
import { loadRulesFile, type Rules } from "@axentra/rules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AwsResources,
  bucketKeys,
  createResources,
  tableItems,
  useEmulators,
} from "./support/emulators.js";
import {
  type FaultProxy,
  type FaultRule,
  type ProxiedRequest,
  startFaultProxy,
} from "./support/fault-proxy.js";
import { recordFigures } from "./support/figures.js";
import { functionUrlEvent } from "./support/function-url-event.js";
import { post } from "./support/http-client.js";
import {
  busEventOf,
  createLambdaPath,
  type LambdaPath,
} from "./support/lambda-path.js";
import { type CapturedOutput, captureOutput } from "./support/output.js";
import { RULES_FILE } from "./support/paths.js";
import { storeUpdate } from "./support/payloads.js";
import { postUntilSettled, processUntilSettled } from "./support/retry.js";
import { SHARED_SECRET, sharedSecretHeaders } from "./support/secrets.js";
import { type ServeProcess, startServe } from "./support/serve-process.js";

const LEASE_SECONDS = 1;
const emulators = useEmulators();

let rules: Rules;
let resources: AwsResources;
let s3Proxy: FaultProxy;
let dynamodbProxy: FaultProxy;
let lambda: LambdaPath;
let server: ServeProcess;
let output: CapturedOutput;
const outcomes: Record<string, unknown>[] = [];

beforeAll(async () => {
  rules = await loadRulesFile(RULES_FILE);
  resources = await createResources(emulators());
  s3Proxy = await startFaultProxy(emulators().s3Endpoint);
  dynamodbProxy = await startFaultProxy(emulators().dynamodbEndpoint);
  output = captureOutput();
  lambda = createLambdaPath({
    emulators: emulators(),
    resources,
    webhookSecret: SHARED_SECRET,
    rules,
    leaseSeconds: LEASE_SECONDS,
    endpoints: { s3: s3Proxy.endpoint, dynamodb: dynamodbProxy.endpoint },
  });
  server = await startServe(
    [
      "--store",
      "aws",
      "--raw-bucket",
      resources.rawBucket,
      "--processed-bucket",
      resources.processedBucket,
      "--table",
      resources.tableName,
      "--rules",
      RULES_FILE,
      "--lease-seconds",
      String(LEASE_SECONDS),
    ],
    {
      AXENTRA_WEBHOOK_SECRET: SHARED_SECRET,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_ENDPOINT_URL_S3: s3Proxy.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbProxy.endpoint,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    },
  );
});

afterAll(async () => {
  output?.restore();
  await server?.stop();
  lambda?.close();
  await s3Proxy?.stop();
  await dynamodbProxy?.stop();
  recordFigures("faults-aws", outcomes);
});

/** A fault at one pipeline step, injected by one of the proxies. */
interface FaultCase {
  readonly name: string;
  readonly proxy: () => FaultProxy;
  readonly rule: () => FaultRule;
  /** The delivery is a duplicate of an event processed before the fault. */
  readonly duplicate?: boolean;
}

const isUpdateItem = (request: ProxiedRequest, placeholder: string) =>
  request.target === "DynamoDB_20120810.UpdateItem" &&
  request.body.includes(placeholder);

const isPutInto = (request: ProxiedRequest, bucket: string) =>
  request.method === "PUT" && request.path.startsWith(`/${bucket}/`);

const FAULTS: readonly FaultCase[] = [
  {
    name: "DynamoDB throttles the claim",
    proxy: () => dynamodbProxy,
    rule: () => ({
      matches: (request) => isUpdateItem(request, ":leaseExpiresAt"),
      fault: "dynamodb-throttling",
    }),
  },
  {
    name: "S3 500 on the raw audit write",
    proxy: () => s3Proxy,
    rule: () => ({
      matches: (request) => isPutInto(request, resources.rawBucket),
      fault: "s3-internal-error",
    }),
  },
  {
    name: "S3 503 SlowDown on the processed write",
    proxy: () => s3Proxy,
    rule: () => ({
      matches: (request) => isPutInto(request, resources.processedBucket),
      fault: "s3-slow-down",
    }),
  },
  {
    name: "DynamoDB throttles the completion",
    proxy: () => dynamodbProxy,
    rule: () => ({
      matches: (request) => isUpdateItem(request, ":processedKey"),
      fault: "dynamodb-throttling",
    }),
  },
  {
    name: "DynamoDB 500 on the duplicate count",
    proxy: () => dynamodbProxy,
    rule: () => ({
      matches: (request) => isUpdateItem(request, ":one"),
      fault: "dynamodb-internal-error",
    }),
    duplicate: true,
  },
];

/** Checks that a payload made exactly one event with one object in each bucket. */
async function expectOneEvent(body: Uint8Array, duplicates: number) {
  const payloadHash = hashPayload(parsePayload(body));
  const record = await lambda.record(payloadHash);
  expect(record?.status).toBe("processed");
  expect(record?.duplicateCount).toBe(duplicates);
  const eventId = record?.eventId ?? "";
  const raw = await bucketKeys(emulators().s3, resources.rawBucket);
  const processed = await bucketKeys(emulators().s3, resources.processedBucket);
  expect(raw.filter((key) => key.includes(eventId))).toEqual([record?.rawKey]);
  expect(processed.filter((key) => key.includes(eventId))).toEqual([
    record?.processedKey,
  ]);

  return eventId;
}

describe("AWS store faults: process handler", () => {
  it.each(FAULTS)("$name", async (testCase) => {
    const body = storeUpdate(`aws fault lambda ${testCase.name}`);
    const payloadHash = hashPayload(parsePayload(body));
    await lambda.ingest(
      functionUrlEvent({
        body,
        headers: {
          "content-type": "application/json",
          ...sharedSecretHeaders(),
        },
      }),
    );
    const event = busEventOf(lambda.webhookEntries().at(-1) ?? {});
    if (testCase.duplicate) {
      await lambda.process(event);
    }
    const proxy = testCase.proxy();
    const injectedBefore = proxy.injected.length;

    proxy.inject(testCase.rule());
    const failure = await lambda.process(event).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    proxy.inject(undefined);
    const claimed = await lambda.record(payloadHash);
    const retried = await processUntilSettled(lambda.process, event);

    expect(failure?.name).toBe("StoreUnavailableError");
    expect(proxy.injected.length).toBeGreaterThan(injectedBefore);
    expect(retried.result.outcome).toBe(
      testCase.duplicate ? "duplicate" : "created",
    );
    const eventId = await expectOneEvent(body, testCase.duplicate ? 1 : 0);
    if (claimed !== undefined) {
      // A retry takes the claim over and keeps its event id and keys.
      expect(eventId).toBe(claimed.eventId);
    }
    const routed = lambda
      .routedEntries()
      .filter((entry) => entry.Detail?.includes(eventId));
    expect(routed.length).toBeGreaterThanOrEqual(1);
    outcomes.push({
      receiver: "process handler",
      fault: testCase.name,
      faulted_requests: proxy.injected.length - injectedBefore,
      first: failure?.name,
      retries: retried.attempts,
      routed: routed.length,
    });
  });
});

describe("AWS store faults: axentra serve --store aws", () => {
  it.each(FAULTS)("$name", async (testCase) => {
    const body = storeUpdate(`aws fault local ${testCase.name}`);
    const headers = {
      "content-type": "application/json",
      ...sharedSecretHeaders(),
    };
    if (testCase.duplicate) {
      expect((await post(server.url, { body, headers })).status).toBe(202);
    }
    const proxy = testCase.proxy();
    const injectedBefore = proxy.injected.length;

    proxy.inject(testCase.rule());
    const first = await post(server.url, { body, headers });
    proxy.inject(undefined);
    const retried = await postUntilSettled(server.url, body, headers);

    expect(first.status).toBe(503);
    expect(first.headers["retry-after"]).toBe("1");
    expect(first.json).toEqual({
      error: {
        code: "unavailable",
        message: "the event store is unavailable; retry later",
      },
    });
    expect(proxy.injected.length).toBeGreaterThan(injectedBefore);
    expect(retried.last.status).toBe(testCase.duplicate ? 200 : 202);
    await expectOneEvent(body, testCase.duplicate ? 1 : 0);
    outcomes.push({
      receiver: "axentra serve",
      fault: testCase.name,
      faulted_requests: proxy.injected.length - injectedBefore,
      first: `${first.status} Retry-After ${first.headers["retry-after"]}`,
      retries: retried.statuses,
    });
  });

  it("leaves no object without a processed registry item", async () => {
    const items = await tableItems(emulators().dynamodb, resources.tableName);
    const raw = await bucketKeys(emulators().s3, resources.rawBucket);
    const processed = await bucketKeys(
      emulators().s3,
      resources.processedBucket,
    );

    const statuses = items.map((item) => item.status?.S);
    const rawKeys = items.map((item) => item.s3_key?.S).sort();
    const processedKeys = items.map((item) => item.processed_key?.S).sort();
    expect(new Set(statuses)).toEqual(new Set(["processed"]));
    expect(raw.filter((key) => !key.startsWith("claim-check/"))).toEqual(
      rawKeys,
    );
    expect(processed).toEqual(processedKeys);
  });
});
