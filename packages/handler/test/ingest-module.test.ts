import {
  EventBridgeClient,
  PutEventsCommand,
} from "@aws-sdk/client-eventbridge";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { functionUrlEvent } from "./support/function-url-event.js";
import { type CapturedOutput, captureOutput } from "./support/output.js";

const VALID_ENV = {
  AXENTRA_WEBHOOK_SECRET: "s3cr3t-shared-between-supabase-and-us",
  AXENTRA_EVENT_BUS: "axentra-webhooks-test",
  AXENTRA_CLAIM_CHECK_BUCKET: "axentra-claim-check-test",
  // Loopback endpoints, so that an unmocked request reaches nothing else.
  AWS_ENDPOINT_URL_EVENTBRIDGE: "http://127.0.0.1:9",
  AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9",
} as const;

let output: CapturedOutput;

beforeEach(() => {
  vi.resetModules();
  output = captureOutput();
});

afterEach(() => {
  vi.unstubAllEnvs();
  output.restore();
});

function stubEnv(env: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries({ ...VALID_ENV, ...env })) {
    vi.stubEnv(name, value);
  }
}

/** Loads the entry module the way Lambda does and returns its init error. */
async function initError(): Promise<Error> {
  try {
    await import("../src/ingest.js");
  } catch (error) {
    return error as Error;
  }
  throw new Error("the ingest module loaded without an error");
}

describe("ingest module init", () => {
  it.each([
    {
      name: "unset secret",
      env: { AXENTRA_WEBHOOK_SECRET: undefined },
      error: "HandlerConfigError",
      message:
        'AXENTRA_WEBHOOK_SECRET is not set or empty; the ingest function does not accept unauthenticated webhooks. Set it to a shared secret of 16 or more characters or a Standard Webhooks "whsec_" secret',
    },
    {
      name: "empty secret",
      env: { AXENTRA_WEBHOOK_SECRET: "" },
      error: "HandlerConfigError",
      message:
        'AXENTRA_WEBHOOK_SECRET is not set or empty; the ingest function does not accept unauthenticated webhooks. Set it to a shared secret of 16 or more characters or a Standard Webhooks "whsec_" secret',
    },
    {
      name: "whsec without underscore",
      env: { AXENTRA_WEBHOOK_SECRET: "whsecMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3" },
      error: "SecretConfigError",
      message:
        'AXENTRA_WEBHOOK_SECRET looks like a Standard Webhooks secret but does not start with "whsec_"; copy the whole secret',
    },
    {
      name: "trailing newline",
      env: {
        AXENTRA_WEBHOOK_SECRET: "s3cr3t-shared-between-supabase-and-us\n",
      },
      error: "SecretConfigError",
      message:
        "AXENTRA_WEBHOOK_SECRET has leading or trailing whitespace (a trailing newline?); remove it",
    },
    {
      name: "missing event bus",
      env: { AXENTRA_EVENT_BUS: undefined },
      error: "HandlerConfigError",
      message:
        "AXENTRA_EVENT_BUS is not set; set it to the name of the event bus that receives webhooks",
    },
    {
      name: "blank claim-check bucket",
      env: { AXENTRA_CLAIM_CHECK_BUCKET: " " },
      error: "HandlerConfigError",
      message:
        "AXENTRA_CLAIM_CHECK_BUCKET is not set; set it to the claim-check bucket, which holds bodies too large for the bus; give the ingest and processor functions the same bucket",
    },
    {
      // The raw audit bucket is no stand-in: in production it locks every
      // object for seven years.
      name: "raw bucket instead of claim-check bucket",
      env: {
        AXENTRA_CLAIM_CHECK_BUCKET: undefined,
        AXENTRA_RAW_BUCKET: "axentra-raw-audit-test",
      },
      error: "HandlerConfigError",
      message:
        "AXENTRA_CLAIM_CHECK_BUCKET is not set; set it to the claim-check bucket, which holds bodies too large for the bus; give the ingest and processor functions the same bucket",
    },
    {
      name: "body limit with a unit",
      env: { AXENTRA_MAX_BODY_BYTES: "1MB" },
      error: "HandlerConfigError",
      message:
        'AXENTRA_MAX_BODY_BYTES is "1MB", not a whole number of bytes above 0; set it to a number such as 1048576 or unset it',
    },
    {
      name: "zero event limit",
      env: { AXENTRA_MAX_EVENT_BYTES: "0" },
      error: "HandlerConfigError",
      message:
        'AXENTRA_MAX_EVENT_BYTES is "0", not a whole number of bytes above 0; set it to a number such as 1048576 or unset it',
    },
  ])("$name fails the init", async ({ env, error, message }) => {
    stubEnv(env);

    const thrown = await initError();

    expect(thrown.name).toBe(error);
    expect(thrown.message).toBe(message);
  });

  it("builds the handler from the environment", async () => {
    stubEnv({ AXENTRA_MAX_BODY_BYTES: "64", AXENTRA_MAX_EVENT_BYTES: "100" });
    // No local EventBridge emulator exists, so PutEvents is mocked at
    // request level; PutObject is mocked too, because this test checks the
    // wiring of the settings rather than S3.
    const eventBridgeMock = mockClient(EventBridgeClient);
    eventBridgeMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
    const s3Mock = mockClient(S3Client);
    s3Mock.on(PutObjectCommand).resolves({});

    try {
      const { handler } = await import("../src/ingest.js");
      const small = await handler(
        functionUrlEvent({
          body: '{"type":"DELETE","table":"stores"}',
          headers: { "x-webhook-secret": VALID_ENV.AXENTRA_WEBHOOK_SECRET },
        }),
      );
      const large = await handler(
        functionUrlEvent({
          body: `{"padding":"${"x".repeat(60)}"}`,
          headers: { "x-webhook-secret": VALID_ENV.AXENTRA_WEBHOOK_SECRET },
        }),
      );

      expect(small.statusCode).toBe(202);
      expect(large.statusCode).toBe(413);
      const [put] = s3Mock.commandCalls(PutObjectCommand);
      expect(put?.args[0].input.Bucket).toBe("axentra-claim-check-test");
      const [call] = eventBridgeMock.commandCalls(PutEventsCommand);
      const entry = call?.args[0].input.Entries?.[0];
      expect(entry).toMatchObject({
        EventBusName: "axentra-webhooks-test",
        Source: "axentra.webhook",
        DetailType: "webhook.received",
      });
      expect(JSON.parse(String(entry?.Detail)).body_ref).toEqual({
        bucket: "axentra-claim-check-test",
        key: put?.args[0].input.Key,
      });
    } finally {
      eventBridgeMock.restore();
      s3Mock.restore();
    }
  });
});
