import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  ThrottlingException,
} from "@aws-sdk/client-eventbridge";
import {
  AwsStoreError,
  EventBridgeRouter,
  NoBusRouter,
  PUT_EVENTS_ENTRY_LIMIT_BYTES,
} from "@axentra/aws-store";
import { type RoutedEvent, StoreUnavailableError } from "@axentra/core";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { rejectionOf } from "./support/rejection.js";

const KEY = "product_create/2026/12/04/3f9a0c1d2e4b5a69-1796392800.json";

function routedEvent(document: unknown): RoutedEvent {
  return {
    eventId: "3f9a0c1d2e4b5a69-1796392800",
    eventType: "product_create",
    payloadHash: "3f9a0c1d2e4b5a69".padEnd(64, "0"),
    routingTarget: "product-service",
    rawKey: KEY,
    processedKey: KEY,
    document: JSON.stringify(document),
  };
}

const REFERENCE = {
  event_id: "3f9a0c1d2e4b5a69-1796392800",
  event_type: "product_create",
  payload_hash: "3f9a0c1d2e4b5a69".padEnd(64, "0"),
  routing_target: "product-service",
  raw_key: KEY,
  processed_key: KEY,
};

/**
 * No EventBridge emulator runs here, so these cases check the PutEvents
 * requests and the handling of its replies with aws-sdk-client-mock. The
 * client never sends a request.
 */
describe("EventBridgeRouter", () => {
  function mockedRouter(options: { source?: string; limit?: number } = {}) {
    const client = new EventBridgeClient({
      endpoint: "http://127.0.0.1:9",
      region: "us-east-1",
      credentials: { accessKeyId: "LOCAL", secretAccessKey: "LOCAL" },
    });
    const eventBridge = mockClient(client);
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "1" }] });
    const router = new EventBridgeRouter({
      client,
      eventBusName: "axentra-routed",
      source: options.source,
      entryLimitBytes: options.limit,
    });
    const sentEntries = (): PutEventsRequestEntry[] =>
      eventBridge
        .commandCalls(PutEventsCommand)
        .flatMap((call) => call.args[0].input.Entries ?? []);

    return { eventBridge, router, sentEntries };
  }

  it("route publishes one entry", async () => {
    const { router, sentEntries } = mockedRouter();
    const document = { metadata: { event_id: "x" }, payload: { price: 89 } };

    await router.route(routedEvent(document));

    expect(sentEntries()).toEqual([
      {
        EventBusName: "axentra-routed",
        Source: "axentra.webhook.routed",
        DetailType: "product-service",
        Detail: JSON.stringify({ ...REFERENCE, document }),
      },
    ]);
  });

  it("route keeps numbers exactly as the document has them", async () => {
    const { router, sentEntries } = mockedRouter();
    const documentText =
      '{"payload": {"id": 12345678901234567891, "price": 89.10}}';

    await router.route({ ...routedEvent({}), document: documentText });

    const detail = sentEntries()[0]?.Detail ?? "";
    expect(detail).toContain('"id": 12345678901234567891');
    expect(detail).toContain('"price": 89.10');
    expect(() => JSON.parse(detail)).not.toThrow();
  });

  it("route uses the configured source", async () => {
    const { router, sentEntries } = mockedRouter({ source: "tests.routed" });

    await router.route(routedEvent({}));

    expect(sentEntries()[0]?.Source).toBe("tests.routed");
  });

  it("document over the limit is omitted", async () => {
    const { router, sentEntries } = mockedRouter();
    const document = {
      payload: { text: "x".repeat(PUT_EVENTS_ENTRY_LIMIT_BYTES) },
    };

    await router.route(routedEvent(document));

    expect(JSON.parse(sentEntries()[0]?.Detail ?? "")).toEqual({
      ...REFERENCE,
      document_omitted: true,
    });
  });

  it("limit counts UTF-8 bytes and is exclusive", async () => {
    // "é" is 2 bytes in UTF-8, so a count of UTF-16 units would be short.
    const document = { payload: { name: "é".repeat(100) } };
    const detail = JSON.stringify({ ...REFERENCE, document });
    const size =
      Buffer.byteLength("axentra.webhook.routed") +
      Buffer.byteLength("product-service") +
      Buffer.byteLength(detail);

    const under = mockedRouter({ limit: size + 1 });
    await under.router.route(routedEvent(document));
    const at = mockedRouter({ limit: size });
    await at.router.route(routedEvent(document));

    expect(under.sentEntries()[0]?.Detail).toBe(detail);
    expect(JSON.parse(at.sentEntries()[0]?.Detail ?? "")).toEqual({
      ...REFERENCE,
      document_omitted: true,
    });
  });

  it("failed entry is unavailable", async () => {
    const { eventBridge, router } = mockedRouter();
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [
        { ErrorCode: "InternalFailure", ErrorMessage: "Internal failure" },
      ],
    });

    const error = await rejectionOf(router.route(routedEvent({})));

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe(
      "EventBridge PutEvents of event 3f9a0c1d2e4b5a69-1796392800 to bus " +
        "axentra-routed (detail-type product-service) was rejected with " +
        "InternalFailure: Internal failure; retry later",
    );
  });

  it("failed entry for access is a configuration error", async () => {
    const { eventBridge, router } = mockedRouter();
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: "AccessDeniedException", ErrorMessage: "denied" }],
    });

    const error = await rejectionOf(router.route(routedEvent({})));

    expect(error).toBeInstanceOf(AwsStoreError);
    expect(error).not.toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe(
      "EventBridge PutEvents of event 3f9a0c1d2e4b5a69-1796392800 to bus " +
        "axentra-routed (detail-type product-service) was rejected with " +
        "AccessDeniedException: denied; check the bus name and the " +
        "function's events:PutEvents permission",
    );
  });

  it("throttled PutEvents is unavailable", async () => {
    const { eventBridge, router } = mockedRouter();
    const failure = new ThrottlingException({
      message: "Rate exceeded",
      $metadata: { httpStatusCode: 400 },
    });
    eventBridge.on(PutEventsCommand).rejects(failure);

    const error = await rejectionOf(router.route(routedEvent({})));

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).cause).toBe(failure);
  });
});

describe("NoBusRouter", () => {
  it("route sends nothing and resolves", async () => {
    await expect(
      new NoBusRouter().route(routedEvent({})),
    ).resolves.toBeUndefined();
  });
});
