import { type AddressInfo, createServer, type Socket } from "node:net";
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandInput,
} from "@aws-sdk/client-eventbridge";
import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import {
  LOCAL_CREDENTIALS,
  type LocalEmulator,
  localS3Client,
  startS3rver,
} from "@axentra/aws-store/testing";
import { hashPayload, parsePayload, signWebhook } from "@axentra/core";
import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from "vitest";
import { loadSamples } from "../../../examples/samples.js";
import { INGEST_SERVICE_NAME } from "../src/ingest-from-env.js";
import {
  createIngestHandler,
  type IngestConfig,
} from "../src/ingest-handler.js";
import { createTelemetry } from "../src/telemetry.js";
import { entrySizeBytes } from "../src/webhook-event.js";
import {
  functionUrlEvent,
  type RequestOptions,
} from "./support/function-url-event.js";
import { lambdaContext } from "./support/lambda-context.js";
import { type CapturedOutput, captureOutput } from "./support/output.js";

const SHARED_SECRET = "s3cr3t-shared-between-supabase-and-us";
const SIGNING_SECRET = `whsec_${Buffer.from("0123456789abcdef0123456789abcdef").toString("base64")}`;
const NOW = new Date("2026-12-04T10:00:00.000Z");
const NOW_SECONDS = NOW.getTime() / 1000;
const BUS = "axentra-webhooks-test";
const CLAIM_CHECK_BUCKET = "axentra-claim-check-test";
const samples = loadSamples();
const encoder = new TextEncoder();

// There is no local EventBridge emulator, so PutEvents is mocked at request
// level with aws-sdk-client-mock. The client still gets a loopback
// endpoint, so that an unmocked call reaches nothing else.
const eventBridge = new EventBridgeClient({
  region: "us-east-1",
  endpoint: "http://127.0.0.1:9",
  credentials: LOCAL_CREDENTIALS,
});
const eventBridgeMock = mockClient(eventBridge);

let s3rver: LocalEmulator;
let s3: S3Client;
let output: CapturedOutput;

beforeAll(async () => {
  s3rver = await startS3rver({ buckets: [CLAIM_CHECK_BUCKET] });
  s3 = localS3Client(s3rver.endpoint);
});

afterAll(async () => {
  s3?.destroy();
  await s3rver?.stop();
});

beforeEach(() => {
  eventBridgeMock.reset();
  eventBridgeMock
    .on(PutEventsCommand)
    .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "evt-1" }] });
  output = captureOutput();
});

afterEach(() => {
  output.restore();
});

function ingestHandler(
  secret = SHARED_SECRET,
  overrides: Partial<IngestConfig> = {},
  s3Client: S3Client = s3,
) {
  return createIngestHandler(
    {
      webhookSecret: secret,
      eventBusName: BUS,
      claimCheckBucket: CLAIM_CHECK_BUCKET,
      ...overrides,
    },
    {
      eventBridge,
      s3: s3Client,
      ...createTelemetry(INGEST_SERVICE_NAME),
      now: () => NOW,
    },
  );
}

function sharedSecretRequest(
  body: Uint8Array | string,
  options: RequestOptions = {},
): RequestOptions {
  return {
    body,
    ...options,
    headers: { "x-webhook-secret": SHARED_SECRET, ...options.headers },
  };
}

function signedHeaders(
  body: Uint8Array,
  timestamp = NOW_SECONDS,
): Record<string, string> {
  return {
    "webhook-id": "msg_2Lh9Xb1c3d",
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(
      SIGNING_SECRET,
      "msg_2Lh9Xb1c3d",
      timestamp,
      body,
    ),
  };
}

function jsonBody(result: APIGatewayProxyStructuredResultV2): unknown {
  return JSON.parse(String(result.body));
}

function putEventsInputs(): PutEventsCommandInput[] {
  return eventBridgeMock
    .commandCalls(PutEventsCommand)
    .map((call) => call.args[0].input);
}

function payloadHashOf(body: Uint8Array): string {
  return hashPayload(parsePayload(body));
}

/** The PutEvents input the ingest function must send for an inline body. */
function inlineInput(body: Uint8Array): PutEventsCommandInput {
  return {
    Entries: [
      {
        EventBusName: BUS,
        Source: "axentra.webhook",
        DetailType: "webhook.received",
        Detail: JSON.stringify({
          body: new TextDecoder().decode(body),
          received_at: "2026-12-04T10:00:00.000Z",
          payload_hash: payloadHashOf(body),
          content_length: body.byteLength,
        }),
      },
    ],
  };
}

/** Builds a Supabase INSERT envelope of at least `size` bytes. */
function largeEnvelope(size: number, filler = "x"): Uint8Array {
  const record = {
    id: "7f9c2a1e-4b3d-4e8a-9c1f-2d6b8e0a5f31",
    name: "Comprehensive Metabolic Panel",
    description: filler.repeat(Math.ceil(size / filler.length)),
  };
  const envelope = {
    type: "INSERT",
    table: "products",
    schema: "public",
    record,
    old_record: null,
  };

  return encoder.encode(JSON.stringify(envelope, null, 2));
}

describe("ingest: accepted deliveries", () => {
  const cases = samples.flatMap((sample) => [
    {
      file: sample.file,
      body: sample.body,
      auth: "shared secret",
      base64: false,
    },
    {
      file: sample.file,
      body: sample.body,
      auth: "shared secret",
      base64: true,
    },
    { file: sample.file, body: sample.body, auth: "signature", base64: false },
    { file: sample.file, body: sample.body, auth: "signature", base64: true },
  ]);

  it.each(cases)("$file with $auth, base64 $base64", async (testCase) => {
    const secret =
      testCase.auth === "signature" ? SIGNING_SECRET : SHARED_SECRET;
    const headers =
      testCase.auth === "signature"
        ? signedHeaders(testCase.body)
        : { "x-webhook-secret": SHARED_SECRET };
    const handler = ingestHandler(secret);

    const result = await handler(
      functionUrlEvent({
        body: testCase.body,
        base64: testCase.base64,
        headers,
      }),
      lambdaContext("axentra-ingest"),
    );

    expect(result.statusCode).toBe(202);
    expect(result.headers).toEqual({ "content-type": "application/json" });
    expect(jsonBody(result)).toEqual({
      accepted: true,
      payload_hash: payloadHashOf(testCase.body),
      received_at: "2026-12-04T10:00:00.000Z",
    });
    expect(putEventsInputs()).toEqual([inlineInput(testCase.body)]);
  });

  it("keeps the body exactly as received", async () => {
    const body = encoder.encode(
      '{ "type":"INSERT", "table":"stores", "record": {"price": 8.9e1, ' +
        '"name":"Caf\\u00e9 \u00e9"}, "old_record": null }',
    );

    await ingestHandler()(functionUrlEvent(sharedSecretRequest(body)));

    const detail = JSON.parse(
      String(putEventsInputs()[0]?.Entries?.[0]?.Detail),
    );
    expect(encoder.encode(detail.body)).toEqual(body);
  });
});

describe("ingest: authentication", () => {
  const body = samples[0]?.body ?? new Uint8Array();
  const reencoded = encoder.encode(
    JSON.stringify(JSON.parse(new TextDecoder().decode(body))),
  );
  const unauthorized = {
    error: { code: "unauthorized", message: "missing or invalid credentials" },
  };

  it.each([
    {
      name: "missing shared secret",
      secret: SHARED_SECRET,
      request: { body },
      reason: "missing x-webhook-secret header",
    },
    {
      name: "wrong shared secret",
      secret: SHARED_SECRET,
      request: {
        body,
        headers: { "x-webhook-secret": "not-the-configured-secret" },
      },
      reason: "wrong x-webhook-secret header",
    },
    {
      name: "missing signature headers",
      secret: SIGNING_SECRET,
      request: { body },
      reason:
        "missing webhook-id, webhook-timestamp or webhook-signature header",
    },
    {
      name: "expired signature",
      secret: SIGNING_SECRET,
      request: { body, headers: signedHeaders(body, NOW_SECONDS - 600) },
      reason: "webhook-timestamp is 600 s away from now",
    },
    {
      name: "signature from the future",
      secret: SIGNING_SECRET,
      request: { body, headers: signedHeaders(body, NOW_SECONDS + 600) },
      reason: "webhook-timestamp is 600 s away from now",
    },
    {
      name: "re-encoded body",
      secret: SIGNING_SECRET,
      request: { body: reencoded, headers: signedHeaders(body) },
      reason: "no webhook-signature entry matches",
    },
    {
      name: "shared secret sent to a signature check",
      secret: SIGNING_SECRET,
      request: { body, headers: { "x-webhook-secret": SHARED_SECRET } },
      reason:
        "missing webhook-id, webhook-timestamp or webhook-signature header",
    },
  ])("$name is 401", async ({ secret, request, reason }) => {
    const result = await ingestHandler(secret)(functionUrlEvent(request));

    expect(result.statusCode).toBe(401);
    expect(jsonBody(result)).toEqual(unauthorized);
    expect(putEventsInputs()).toEqual([]);
    expect(output.logs()).toMatchObject([
      { level: "WARN", outcome: "unauthorized", auth_failure: reason },
    ]);
  });
});

describe("ingest: rejected requests", () => {
  const body = samples[0]?.body ?? new Uint8Array();

  it("GET is 405", async () => {
    const result = await ingestHandler()(functionUrlEvent({ method: "GET" }));

    expect(result.statusCode).toBe(405);
    expect(result.headers).toEqual({
      "content-type": "application/json",
      allow: "POST",
    });
    expect(jsonBody(result)).toEqual({
      error: {
        code: "method_not_allowed",
        message: "method GET is not allowed; send webhooks with POST",
      },
    });
    expect(putEventsInputs()).toEqual([]);
  });

  it.each([
    { name: "plain", base64: false },
    { name: "base64", base64: true },
  ])("oversize $name body is 413", async ({ base64 }) => {
    const oversize = largeEnvelope(1024 * 1024);

    const result = await ingestHandler()(
      functionUrlEvent(sharedSecretRequest(oversize, { base64 })),
    );

    expect(oversize.byteLength).toBeGreaterThan(1024 * 1024);
    expect(result.statusCode).toBe(413);
    expect(jsonBody(result)).toEqual({
      error: {
        code: "payload_too_large",
        message: "body exceeds the limit of 1048576 bytes",
        limit_bytes: 1048576,
      },
    });
    expect(putEventsInputs()).toEqual([]);
  });

  it("size limit applies to decoded bytes", async () => {
    const atLimit = encoder.encode(`{"padding":"${"x".repeat(50)}"}`);
    const overLimit = encoder.encode(`{"padding":"${"x".repeat(51)}"}`);
    const handler = ingestHandler(SHARED_SECRET, {
      maxBodyBytes: atLimit.byteLength,
    });

    const accepted = await handler(
      functionUrlEvent(sharedSecretRequest(atLimit, { base64: true })),
    );
    const rejected = await handler(
      functionUrlEvent(sharedSecretRequest(overLimit, { base64: true })),
    );

    // The base64 text of the accepted body is longer than the limit.
    expect(Buffer.from(atLimit).toString("base64").length).toBeGreaterThan(
      atLimit.byteLength,
    );
    expect(accepted.statusCode).toBe(202);
    expect(rejected.statusCode).toBe(413);
  });

  it.each([
    {
      contentType: "text/plain",
      message:
        'content type "text/plain" is not accepted; send application/json in UTF-8',
    },
    {
      contentType: "application/json; charset=iso-8859-1",
      message:
        'content type "application/json; charset=iso-8859-1" is not accepted; send application/json in UTF-8',
    },
    {
      contentType: null,
      message:
        "content type missing is not accepted; send application/json in UTF-8",
    },
  ])("content type $contentType is 415", async ({ contentType, message }) => {
    const result = await ingestHandler()(
      functionUrlEvent(sharedSecretRequest(body, { contentType })),
    );

    expect(result.statusCode).toBe(415);
    expect(jsonBody(result)).toEqual({
      error: { code: "unsupported_media_type", message },
    });
    expect(putEventsInputs()).toEqual([]);
  });

  it.each([
    {
      body: '{"type": "INSERT", }',
      error: {
        code: "invalid_json",
        message:
          'invalid JSON at line 1, column 20: unexpected character "}"; expected a string key',
        line: 1,
        column: 20,
        offset: 19,
      },
    },
    {
      body: "",
      error: {
        code: "empty_body",
        message: "body is empty; expected a JSON object",
      },
    },
    {
      body: '[{"type": "INSERT"}]',
      error: {
        code: "not_an_object",
        message: "top level of the body is an array; expected a JSON object",
      },
    },
  ])("invalid payload $error.code is 400", async ({ body: text, error }) => {
    const result = await ingestHandler()(
      functionUrlEvent(sharedSecretRequest(text)),
    );

    expect(result.statusCode).toBe(400);
    expect(jsonBody(result)).toEqual({ error });
    expect(putEventsInputs()).toEqual([]);
    expect(output.logs()).toMatchObject([
      { level: "WARN", outcome: "rejected", error_code: error.code },
    ]);
  });
});

describe("ingest: publish failures", () => {
  const body = samples[0]?.body ?? new Uint8Array();
  const unavailable = {
    error: {
      code: "unavailable",
      message: "the delivery could not be queued; retry later",
    },
  };

  it("FailedEntryCount is 503 with Retry-After", async () => {
    eventBridgeMock.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [
        { ErrorCode: "InternalFailure", ErrorMessage: "internal failure" },
      ],
    });

    const result = await ingestHandler()(
      functionUrlEvent(sharedSecretRequest(body)),
    );

    expect(result.statusCode).toBe(503);
    expect(result.headers).toEqual({
      "content-type": "application/json",
      "retry-after": "5",
    });
    expect(jsonBody(result)).toEqual(unavailable);
    const [line] = output.logs();
    expect(line).toMatchObject({
      level: "ERROR",
      outcome: "publish_failed",
      status: 503,
      error: {
        name: "PublishError",
        message: `EventBridge rejected the event of payload hash ${payloadHashOf(body)} on bus ${BUS}: InternalFailure (internal failure)`,
      },
    });
  });

  it("PutEvents error is 503", async () => {
    eventBridgeMock
      .on(PutEventsCommand)
      .rejects(new Error("connect ECONNREFUSED 127.0.0.1:9"));

    const result = await ingestHandler()(
      functionUrlEvent(sharedSecretRequest(body)),
    );

    expect(result.statusCode).toBe(503);
    expect(jsonBody(result)).toEqual(unavailable);
  });
});

/**
 * Runs `send` against a loopback server that accepts requests and never
 * responds, in place of a stalled EventBridge endpoint.
 */
async function withStalledBus(
  send: (eventBridge: EventBridgeClient) => Promise<void>,
): Promise<void> {
  const sockets = new Set<Socket>();
  const stalled = createServer((socket) => {
    sockets.add(socket);
  });
  await new Promise<void>((resolve) =>
    stalled.listen(0, "127.0.0.1", () => resolve()),
  );
  const { port } = stalled.address() as AddressInfo;
  const slowBus = new EventBridgeClient({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${port}`,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });

  try {
    await send(slowBus);
  } finally {
    slowBus.destroy();
    for (const socket of sockets) {
      socket.destroy();
    }
    await new Promise((resolve) => stalled.close(resolve));
  }
}

function stalledHandler(
  eventBridge: EventBridgeClient,
  publishTimeoutMs: number,
) {
  return createIngestHandler(
    {
      webhookSecret: SHARED_SECRET,
      eventBusName: BUS,
      claimCheckBucket: CLAIM_CHECK_BUCKET,
      publishTimeoutMs,
    },
    {
      eventBridge,
      s3,
      ...createTelemetry(INGEST_SERVICE_NAME),
      now: () => NOW,
    },
  );
}

describe("ingest: secret rotation", () => {
  it("accepts the previous secret during a rotation", async () => {
    const handler = ingestHandler("the-new-shared-secret-4567", {
      previousWebhookSecret: SHARED_SECRET,
    });

    const oldSecret = await handler(
      functionUrlEvent(sharedSecretRequest(samples[0]?.body ?? "")),
    );
    const newSecret = await handler(
      functionUrlEvent({
        body: samples[0]?.body ?? "",
        headers: { "x-webhook-secret": "the-new-shared-secret-4567" },
      }),
    );

    expect(oldSecret.statusCode).toBe(202);
    expect(newSecret.statusCode).toBe(202);
    const logged = output.logs() as { auth_previous_secret?: boolean }[];
    expect(logged.map((line) => line.auth_previous_secret)).toEqual([
      true,
      undefined,
    ]);
  });
});

describe("ingest: publish budget", () => {
  it("unanswered PutEvents is 503", async () => {
    await withStalledBus(async (eventBridge) => {
      const handler = stalledHandler(eventBridge, 300);

      const result = await handler(
        functionUrlEvent(sharedSecretRequest(samples[0]?.body ?? "")),
      );

      expect(result.statusCode).toBe(503);
      expect(output.logs()).toMatchObject([
        { outcome: "publish_failed", error: { name: "AbortError" } },
      ]);
    });
  });

  it("budget shrinks to the invocation's remaining time", async () => {
    await withStalledBus(async (eventBridge) => {
      // Without the remaining time, this budget would outlast the test.
      const handler = stalledHandler(eventBridge, 600_000);
      const context = {
        getRemainingTimeInMillis: () => 550,
      } as unknown as Context;

      const result = await handler(
        functionUrlEvent(sharedSecretRequest(samples[0]?.body ?? "")),
        context,
      );

      expect(result.statusCode).toBe(503);
    });
  });
});

describe("ingest: claim check", () => {
  it("stores a large body in the claim-check bucket", async () => {
    const body = largeEnvelope(300 * 1024);
    const payloadHash = payloadHashOf(body);
    const key = `claim-check/2026/12/04/${payloadHash}.json`;

    const result = await ingestHandler()(
      functionUrlEvent(sharedSecretRequest(body)),
    );

    expect(result.statusCode).toBe(202);
    expect(putEventsInputs()).toEqual([
      {
        Entries: [
          {
            EventBusName: BUS,
            Source: "axentra.webhook",
            DetailType: "webhook.received",
            Detail: JSON.stringify({
              body_ref: { bucket: CLAIM_CHECK_BUCKET, key },
              received_at: "2026-12-04T10:00:00.000Z",
              payload_hash: payloadHash,
              content_length: body.byteLength,
            }),
          },
        ],
      },
    ]);
    const stored = await s3.send(
      new GetObjectCommand({ Bucket: CLAIM_CHECK_BUCKET, Key: key }),
    );
    expect(stored.ContentType).toBe("application/json");
    expect(await stored.Body?.transformToByteArray()).toEqual(
      new Uint8Array(body),
    );
    expect(output.logs()).toMatchObject([
      { outcome: "accepted", claim_check: true, payload_hash: payloadHash },
    ]);
  });

  it("counts JSON escapes in the entry size", async () => {
    // Each quote in the description is \" (2 bytes) in the body and
    // \\\" (4 bytes) in the detail: 200 KB of body, 400 KB of detail.
    const body = largeEnvelope(100 * 1024, '"');

    await ingestHandler()(functionUrlEvent(sharedSecretRequest(body)));

    const detail = JSON.parse(
      String(putEventsInputs()[0]?.Entries?.[0]?.Detail),
    );
    expect(body.byteLength).toBeLessThan(256 * 1024);
    expect(detail.body_ref.bucket).toBe(CLAIM_CHECK_BUCKET);
  });

  it("applies the limit to the whole entry", async () => {
    const body = samples[0]?.body ?? new Uint8Array();
    const inlineSize = entrySizeBytes(inlineInput(body).Entries?.[0] ?? {});

    await ingestHandler(SHARED_SECRET, { maxEventBytes: inlineSize + 1 })(
      functionUrlEvent(sharedSecretRequest(body)),
    );
    await ingestHandler(SHARED_SECRET, { maxEventBytes: inlineSize })(
      functionUrlEvent(sharedSecretRequest(body)),
    );

    const [below, atLimit] = putEventsInputs().map((input) =>
      JSON.parse(String(input.Entries?.[0]?.Detail)),
    );
    expect(below.body).toBe(new TextDecoder().decode(body));
    expect(atLimit.body_ref.key).toBe(
      `claim-check/2026/12/04/${payloadHashOf(body)}.json`,
    );
  });

  // s3rver does not enforce If-None-Match, so the conditional write and the
  // 412 response for an existing key are checked at request level here.
  it("sends a conditional write and accepts 412", async () => {
    const s3Mocked = new S3Client({
      region: "us-east-1",
      endpoint: "http://127.0.0.1:9",
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
    });
    const s3Mock = mockClient(s3Mocked);
    s3Mock.on(PutObjectCommand).rejects(
      new S3ServiceException({
        name: "PreconditionFailed",
        $fault: "client",
        $metadata: { httpStatusCode: 412 },
        message:
          "At least one of the pre-conditions you specified did not hold",
      }),
    );
    const body = largeEnvelope(300 * 1024);
    const payloadHash = payloadHashOf(body);

    const result = await ingestHandler(
      SHARED_SECRET,
      {},
      s3Mocked,
    )(functionUrlEvent(sharedSecretRequest(body)));

    expect(result.statusCode).toBe(202);
    const [put] = s3Mock.commandCalls(PutObjectCommand);
    expect(put?.args[0].input).toMatchObject({
      Bucket: CLAIM_CHECK_BUCKET,
      Key: `claim-check/2026/12/04/${payloadHash}.json`,
      ContentType: "application/json",
      IfNoneMatch: "*",
      ChecksumSHA256: Buffer.from(
        await crypto.subtle.digest("SHA-256", body),
      ).toString("base64"),
    });
    expect(putEventsInputs()).toHaveLength(1);
  });

  it("S3 failure is 503 and nothing is published", async () => {
    const s3Mocked = new S3Client({
      region: "us-east-1",
      endpoint: "http://127.0.0.1:9",
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
    });
    mockClient(s3Mocked)
      .on(PutObjectCommand)
      .rejects(
        new S3ServiceException({
          name: "InternalError",
          $fault: "server",
          $metadata: { httpStatusCode: 500 },
          message: "We encountered an internal error. Please try again.",
        }),
      );
    const body = largeEnvelope(300 * 1024);

    const result = await ingestHandler(
      SHARED_SECRET,
      {},
      s3Mocked,
    )(functionUrlEvent(sharedSecretRequest(body)));

    expect(result.statusCode).toBe(503);
    expect(putEventsInputs()).toEqual([]);
    expect(output.logs()).toMatchObject([
      {
        outcome: "publish_failed",
        error: {
          name: "HandlerError",
          message: `claim-check PutObject of key claim-check/2026/12/04/${payloadHashOf(body)}.json in bucket ${CLAIM_CHECK_BUCKET} failed; the delivery was not queued`,
          cause: { name: "InternalError" },
        },
      },
    ]);
  });
});

describe("ingest: logs and metrics", () => {
  const sample = samples[0];
  const body = sample?.body ?? new Uint8Array();

  it("writes one log line per request", async () => {
    await ingestHandler()(
      functionUrlEvent(sharedSecretRequest(body)),
      lambdaContext("axentra-ingest"),
    );

    const logs = output.logs();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: "INFO",
      message: "webhook queued",
      service: "axentra-ingest",
      function_name: "axentra-ingest",
      function_request_id: "c6af9ac6-7b61-11e6-9a41-93e812345678",
      payload_hash: payloadHashOf(body),
      outcome: "accepted",
      status: 202,
      bytes: body.byteLength,
      auth_method: "shared_secret",
    });
    expect(logs[0]?.duration_ms).toEqual(expect.any(Number));
  });

  it("logs neither payload nor secret", async () => {
    const handler = ingestHandler();
    await handler(functionUrlEvent(sharedSecretRequest(body)));
    await handler(
      functionUrlEvent({
        body,
        headers: { "x-webhook-secret": `${SHARED_SECRET}-wrong` },
      }),
    );

    const text = output.text();
    expect(text).not.toContain("Comprehensive Metabolic Panel");
    expect(text).not.toContain(SHARED_SECRET);
  });

  it("emits Received, Rejected and DurationMs", async () => {
    const handler = ingestHandler();
    await handler(functionUrlEvent(sharedSecretRequest(body)));
    await handler(functionUrlEvent({ body }));

    const metrics = output.metrics();
    expect(metrics).toContainEqual(
      expect.objectContaining({
        service: "axentra-ingest",
        Received: 1,
        DurationMs: expect.any(Number),
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            {
              Namespace: "Axentra/Webhooks",
              Dimensions: [["service"]],
              Metrics: [
                { Name: "Received", Unit: "Count" },
                { Name: "DurationMs", Unit: "Milliseconds" },
              ],
            },
          ],
        }),
      }),
    );
    expect(metrics).toContainEqual(
      expect.objectContaining({
        reason: "unauthorized",
        Rejected: 1,
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            {
              Namespace: "Axentra/Webhooks",
              Dimensions: [["service", "reason"]],
              Metrics: [{ Name: "Rejected", Unit: "Count" }],
            },
          ],
        }),
      }),
    );
  });

  // The stack's ingest-publish-failures alarm watches exactly this metric:
  // namespace Axentra/Webhooks, dimension service=axentra-ingest and no
  // other. A 503 is no Lambda error, so nothing else would raise an alarm.
  it("emits PublishFailures with the service dimension alone", async () => {
    eventBridgeMock.on(PutEventsCommand).rejects(new Error("socket hang up"));

    const result = await ingestHandler()(
      functionUrlEvent(sharedSecretRequest(body)),
    );

    expect(result.statusCode).toBe(503);
    expect(output.metrics()).toEqual([
      expect.objectContaining({
        service: "axentra-ingest",
        PublishFailures: 1,
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            {
              Namespace: "Axentra/Webhooks",
              Dimensions: [["service"]],
              Metrics: [
                { Name: "PublishFailures", Unit: "Count" },
                { Name: "DurationMs", Unit: "Milliseconds" },
              ],
            },
          ],
        }),
      }),
    ]);
  });
});
