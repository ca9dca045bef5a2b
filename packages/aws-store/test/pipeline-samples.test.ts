import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { EventBridgeRouter } from "@axentra/aws-store";
import {
  createPipeline,
  EVENT_VERSION,
  eventIdFor,
  hashPayload,
  objectKeyFor,
  parsePayload,
  retentionTtl,
} from "@axentra/core";
import { loadRulesFile, type Rules } from "@axentra/rules";
import { beforeAll, describe, expect, it } from "vitest";
import {
  EXAMPLES_FOLDER,
  emulatedStore,
  ManualClock,
  mockedEventBridge,
  RULES_FILE,
} from "./support/aws-pipeline.js";
import { useEmulators } from "./support/emulators.js";
import { deleteAtPath } from "./support/json-path.js";

const emulators = useEmulators();

/** Expected results of the samples, as listed in examples/README.md. */
const SAMPLES = [
  ["supabase-product-insert.json", "product_create", "product-service", 3],
  ["supabase-product-update.json", "product_update", "product-service", 6],
  ["supabase-product-archive.json", "product_delete", "product-service", 6],
  ["supabase-product-delete.json", "product_delete", "product-service", 3],
  [
    "supabase-variant-update.json",
    "product_variant_update",
    "product-service",
    16,
  ],
  ["supabase-category-insert.json", "category_create", "product-service", 4],
  ["supabase-store-update.json", "store_update", "store-service", 0],
  ["nested-product-create.json", "product_create", "product-service", 15],
  ["nested-product-update.json", "product_update", "product-service", 19],
  ["nested-product-archived.json", "product_delete", "product-service", 3],
] as const;

const RECEIVED_AT = new Date("2026-12-04T14:00:00.000Z");
const PROCESSED_AT = new Date("2026-12-04T14:00:01.250Z");
const SEEN_AGAIN_AT = new Date("2026-12-04T14:05:00.000Z");

let rules: Rules;

beforeAll(async () => {
  rules = await loadRulesFile(RULES_FILE);
});

describe("pipeline with the AWS store", () => {
  it("samples list matches the examples folder", async () => {
    const files = (await readdir(EXAMPLES_FOLDER))
      .filter((name) => name.endsWith(".json"))
      .sort();

    expect(files).toEqual(SAMPLES.map(([file]) => file).sort());
  });

  it.each(SAMPLES)(
    "%s becomes %s for %s",
    async (file, eventType, routingTarget, strippedCount) => {
      const aws = await emulatedStore(emulators());
      const eventBridge = mockedEventBridge();
      const clock = new ManualClock(PROCESSED_AT);
      const pipeline = createPipeline({
        rules,
        rawStore: aws.store.rawStore,
        processedStore: aws.store.processedStore,
        registry: aws.store.registry,
        router: new EventBridgeRouter({
          client: eventBridge.client,
          eventBusName: "axentra-routed",
        }),
        now: clock.now,
      });
      const body = new Uint8Array(await readFile(join(EXAMPLES_FOLDER, file)));
      const payloadHash = hashPayload(parsePayload(body));
      const eventId = eventIdFor(payloadHash, RECEIVED_AT);
      const key = objectKeyFor(eventType, eventId, RECEIVED_AT);

      const result = await pipeline.ingest({ body, receivedAt: RECEIVED_AT });

      expect(result).toEqual({
        duplicate: false,
        takeover: false,
        event: {
          eventId,
          eventType,
          payloadHash,
          routingTarget,
          rawKey: key,
          processedKey: key,
          receivedAt: RECEIVED_AT.toISOString(),
          duplicateCount: 0,
        },
        strippedFieldCount: strippedCount,
      });

      // Raw audit object: the bytes as received, and nothing else.
      expect(await aws.keys(aws.store.rawStore)).toEqual([key]);
      expect(await aws.store.rawStore.get(key)).toEqual(body);

      // Processed object: metadata, and the payload minus stripped fields.
      expect(await aws.keys(aws.store.processedStore)).toEqual([key]);
      const processedBytes = await aws.store.processedStore.get(key);
      const processed = JSON.parse(new TextDecoder().decode(processedBytes));
      expect(processed.metadata).toMatchObject({
        event_id: eventId,
        event_type: eventType,
        payload_hash: payloadHash,
        event_version: EVENT_VERSION,
        received_at: RECEIVED_AT.toISOString(),
        processed_at: PROCESSED_AT.toISOString(),
        routing_target: routingTarget,
        rules_version: rules.version,
        raw_key: key,
      });
      const strippedFields: string[] = processed.metadata.stripped_fields;
      expect(strippedFields).toHaveLength(strippedCount);
      const expectedPayload = JSON.parse(new TextDecoder().decode(body));
      for (const path of strippedFields) {
        deleteAtPath(expectedPayload, path);
      }
      expect(processed.payload).toEqual(expectedPayload);

      // Registry item: every attribute, in snake_case.
      expect(await aws.item(payloadHash)).toEqual({
        payload_hash: { S: payloadHash },
        event_id: { S: eventId },
        event_type: { S: eventType },
        status: { S: "processed" },
        processing_timestamp: { S: PROCESSED_AT.toISOString() },
        received_at: { S: RECEIVED_AT.toISOString() },
        s3_key: { S: key },
        processed_key: { S: key },
        routing_target: { S: routingTarget },
        rules_version: { S: rules.version },
        duplicate_count: { N: "0" },
        last_seen_at: { S: PROCESSED_AT.toISOString() },
        ttl: { N: String(retentionTtl(RECEIVED_AT)) },
      });

      // Routed event: detail-type is the routing target.
      const [entry, ...others] = eventBridge.entries();
      expect(others).toEqual([]);
      expect(entry?.DetailType).toBe(routingTarget);
      expect(JSON.parse(entry?.Detail ?? "")).toEqual({
        event_id: eventId,
        event_type: eventType,
        payload_hash: payloadHash,
        routing_target: routingTarget,
        raw_key: key,
        processed_key: key,
        document: processed,
      });

      // A second delivery is a counted duplicate and writes nothing.
      clock.set(SEEN_AGAIN_AT);
      const again = await pipeline.ingest({ body, receivedAt: SEEN_AGAIN_AT });

      expect(again.duplicate).toBe(true);
      expect(again.event).toEqual({ ...result.event, duplicateCount: 1 });
      expect(await aws.keys(aws.store.rawStore)).toEqual([key]);
      expect(await aws.keys(aws.store.processedStore)).toEqual([key]);
      expect(eventBridge.entries()).toHaveLength(1);
      const item = await aws.item(payloadHash);
      expect(item?.duplicate_count).toEqual({ N: "1" });
      expect(item?.last_seen_at).toEqual({ S: SEEN_AGAIN_AT.toISOString() });
    },
  );
});
