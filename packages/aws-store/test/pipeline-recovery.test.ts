import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { EventBridgeRouter } from "@axentra/aws-store";
import {
  createPipeline,
  EventInProgressError,
  type EventRegistry,
  eventIdFor,
  hashPayload,
  type IngestResult,
  type ObjectStore,
  objectKeyFor,
  parsePayload,
} from "@axentra/core";
import { withoutRelease } from "@axentra/core/testing";
import { loadRulesFile, type Rules } from "@axentra/rules";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type EmulatedStore,
  EXAMPLES_FOLDER,
  emulatedStore,
  ManualClock,
  mockedEventBridge,
  RULES_FILE,
} from "./support/aws-pipeline.js";
import { useEmulators } from "./support/emulators.js";

const emulators = useEmulators();

const SAMPLE = "supabase-product-update.json";
const EVENT_TYPE = "product_update";
const CONCURRENT_DELIVERIES = 50;
const LATE_DELIVERIES = 10;
const LEASE_SECONDS = 30;
const FIRST_RECEIPT = new Date("2026-12-04T14:00:00.000Z");

let rules: Rules;
let body: Uint8Array;
let payloadHash: string;

beforeAll(async () => {
  rules = await loadRulesFile(RULES_FILE);
  body = new Uint8Array(await readFile(join(EXAMPLES_FOLDER, SAMPLE)));
  payloadHash = hashPayload(parsePayload(body));
});

/** The error a wrapped store or registry throws once, as a crash would. */
class InjectedCrash extends Error {
  override readonly name = "InjectedCrash";
}

/** Wraps a store so that its first write succeeds and then throws. */
function crashAfterFirstWrite(inner: ObjectStore): ObjectStore {
  let crashed = false;

  return {
    async putImmutable(key, objectBody, options) {
      const outcome = await inner.putImmutable(key, objectBody, options);
      if (!crashed) {
        crashed = true;
        throw new InjectedCrash(`crash after writing ${key}`);
      }

      return outcome;
    },
    get: (key) => inner.get(key),
    list: (prefix) => inner.list(prefix),
  };
}

/** Wraps a registry so that its first claim succeeds and then throws. */
function crashAfterFirstClaim(inner: EventRegistry): EventRegistry {
  let crashed = false;

  return {
    async claim(request) {
      const result = await inner.claim(request);
      if (!crashed) {
        crashed = true;
        throw new InjectedCrash("crash after the claim");
      }

      return result;
    },
    complete: (request) => inner.complete(request),
    release: (request) => inner.release(request),
    findByHash: (hash) => inner.findByHash(hash),
    findByEventId: (eventId) => inner.findByEventId(eventId),
    list: (query) => inner.list(query),
  };
}

function pipelineOn(
  aws: EmulatedStore,
  clock: ManualClock,
  crash:
    | "none"
    | "after the claim"
    | "after the raw write"
    | "after the processed write" = "none",
) {
  const eventBridge = mockedEventBridge();
  const { rawStore, processedStore, registry } = aws.store;
  const pipeline = createPipeline({
    rules,
    rawStore:
      crash === "after the raw write"
        ? crashAfterFirstWrite(rawStore)
        : rawStore,
    processedStore:
      crash === "after the processed write"
        ? crashAfterFirstWrite(processedStore)
        : processedStore,
    registry: withoutRelease(
      crash === "after the claim" ? crashAfterFirstClaim(registry) : registry,
    ),
    router: new EventBridgeRouter({
      client: eventBridge.client,
      eventBusName: "axentra-routed",
    }),
    now: clock.now,
    leaseSeconds: LEASE_SECONDS,
  });

  return { pipeline, routed: eventBridge.entries };
}

describe("pipeline with the AWS store under load", () => {
  it(`${CONCURRENT_DELIVERIES} deliveries of one payload make one event`, async () => {
    const aws = await emulatedStore(emulators());
    const clock = new ManualClock(FIRST_RECEIPT);
    const { pipeline, routed } = pipelineOn(aws, clock);

    const settled = await Promise.allSettled(
      Array.from({ length: CONCURRENT_DELIVERIES }, () =>
        pipeline.ingest({ body, receivedAt: FIRST_RECEIPT }),
      ),
    );

    const results = settled.flatMap((outcome) =>
      outcome.status === "fulfilled" ? [outcome.value] : [],
    );
    const failures = settled.flatMap((outcome) =>
      outcome.status === "rejected" ? [outcome.reason] : [],
    );
    const created = results.filter((result) => !result.duplicate);
    const duplicates = results.filter((result) => result.duplicate);
    expect(created).toHaveLength(1);
    expect(duplicates.length + failures.length).toBe(CONCURRENT_DELIVERIES - 1);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(EventInProgressError);
    }

    const eventId = eventIdFor(payloadHash, FIRST_RECEIPT);
    const key = objectKeyFor(EVENT_TYPE, eventId, FIRST_RECEIPT);
    expect(created[0]?.event.eventId).toBe(eventId);
    for (const duplicate of duplicates) {
      expect(duplicate.event.eventId).toBe(eventId);
    }
    expect(await aws.keys(aws.store.rawStore)).toEqual([key]);
    expect(await aws.keys(aws.store.processedStore)).toEqual([key]);
    const items = await aws.items();
    expect(items).toHaveLength(1);
    expect(items[0]?.status).toEqual({ S: "processed" });
    expect(items[0]?.duplicate_count).toEqual({
      N: String(duplicates.length),
    });
    expect(routed()).toHaveLength(1);

    // How many of the 50 ended as duplicates depends on timing, so a second
    // burst after completion makes sure that duplicates are counted.
    const later = await Promise.all(
      Array.from({ length: LATE_DELIVERIES }, () =>
        pipeline.ingest({ body, receivedAt: FIRST_RECEIPT }),
      ),
    );
    for (const result of later) {
      expect(result.duplicate).toBe(true);
    }
    const item = await aws.item(payloadHash);
    expect(item?.duplicate_count).toEqual({
      N: String(duplicates.length + LATE_DELIVERIES),
    });
    expect(await aws.keys(aws.store.rawStore)).toEqual([key]);
    expect(routed()).toHaveLength(1);
  });
});

describe("pipeline with the AWS store after a crash", () => {
  it.each([
    "after the claim",
    "after the raw write",
    "after the processed write",
  ] as const)("crash %s is recovered once", async (crash) => {
    const aws = await emulatedStore(emulators());
    const clock = new ManualClock(FIRST_RECEIPT);
    const { pipeline, routed } = pipelineOn(aws, clock, crash);
    const firstEventId = eventIdFor(payloadHash, FIRST_RECEIPT);
    const key = objectKeyFor(EVENT_TYPE, firstEventId, FIRST_RECEIPT);

    // First delivery: claims, then crashes.
    await expect(
      pipeline.ingest({ body, receivedAt: FIRST_RECEIPT }),
    ).rejects.toBeInstanceOf(InjectedCrash);
    const crashed = await aws.item(payloadHash);
    expect(crashed?.status).toEqual({ S: "processing" });
    expect(crashed?.event_id).toEqual({ S: firstEventId });

    // A retry within the lease finds the event in progress.
    const early = new Date(FIRST_RECEIPT.getTime() + 10_000);
    clock.set(early);
    await expect(
      pipeline.ingest({ body, receivedAt: early }),
    ).rejects.toBeInstanceOf(EventInProgressError);

    // A retry after the lease takes the event over under the first id.
    const late = new Date(FIRST_RECEIPT.getTime() + (LEASE_SECONDS + 1) * 1000);
    clock.set(late);
    const retry: IngestResult = await pipeline.ingest({
      body,
      receivedAt: late,
    });

    expect(retry.duplicate).toBe(false);
    expect(retry.takeover).toBe(true);
    expect(retry.event.eventId).toBe(firstEventId);
    expect(retry.event.receivedAt).toBe(FIRST_RECEIPT.toISOString());
    expect(retry.event.rawKey).toBe(key);
    const item = await aws.item(payloadHash);
    expect(item?.status).toEqual({ S: "processed" });
    expect(item?.event_id).toEqual({ S: firstEventId });
    expect(item?.received_at).toEqual({ S: FIRST_RECEIPT.toISOString() });
    expect(item?.claim_token).toBeUndefined();
    expect(item?.lease_expires_at).toBeUndefined();
    expect(await aws.items()).toHaveLength(1);

    // No stray objects: one key per bucket, under the first event id.
    // s3rver overwrites the key on the retry where S3 would reply 412 and
    // keep the first object, so only the keys and the raw bytes are
    // compared here.
    expect(await aws.keys(aws.store.rawStore)).toEqual([key]);
    expect(await aws.keys(aws.store.processedStore)).toEqual([key]);
    expect(await aws.store.rawStore.get(key)).toEqual(body);
    const processed = JSON.parse(
      new TextDecoder().decode(await aws.store.processedStore.get(key)),
    );
    expect(processed.metadata.event_id).toBe(firstEventId);
    expect(routed()).toHaveLength(1);

    // Later deliveries are duplicates of the recovered event.
    const after = await pipeline.ingest({ body, receivedAt: late });
    expect(after.duplicate).toBe(true);
    expect(after.event.eventId).toBe(firstEventId);
  });
});
