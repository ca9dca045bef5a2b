import { readFileSync } from "node:fs";
import { loadRulesFile, parseRules, type Rules } from "@axentra/rules";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSamples, RULES_FILE } from "../../../examples/samples.js";
import {
  createPipeline,
  EventInProgressError,
  hashPayload,
  InvalidPayloadError,
  MemoryEventRegistry,
  MemoryObjectStore,
  MemoryRouter,
  type ObjectStore,
  type PipelineOptions,
  parsePayload,
  StoreUnavailableError,
} from "../src/index.js";
import { withoutRelease } from "../src/testing/index.js";

const RECEIVED_AT = new Date("2026-12-04T10:00:00.000Z");
const samples = loadSamples();
let rules: Rules;

beforeAll(async () => {
  rules = await loadRulesFile(RULES_FILE);
});

/** A clock the test moves by hand. */
function manualClock(start = RECEIVED_AT) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (seconds: number) => {
      current += seconds * 1000;
    },
  };
}

function setup(overrides: Partial<PipelineOptions> = {}) {
  const stores = {
    rawStore: new MemoryObjectStore(),
    processedStore: new MemoryObjectStore(),
    registry: new MemoryEventRegistry(),
    router: new MemoryRouter(),
  };
  const clock = manualClock();
  const pipeline = createPipeline({
    rules,
    ...stores,
    now: clock.now,
    leaseSeconds: 30,
    ...overrides,
  });

  return { ...stores, clock, pipeline };
}

async function keysOf(store: ObjectStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list()) {
    keys.push(key);
  }
  return keys;
}

/** Wraps a store so that its next `putImmutable` fails once. */
function failingOnce(store: ObjectStore): ObjectStore & { armed: boolean } {
  const wrapper = {
    armed: true,
    putImmutable: async (...args: Parameters<ObjectStore["putImmutable"]>) => {
      if (wrapper.armed) {
        wrapper.armed = false;
        throw new StoreUnavailableError("injected store failure");
      }
      return store.putImmutable(...args);
    },
    get: (key: string) => store.get(key),
    list: (prefix?: string) => store.list(prefix),
  };
  return wrapper;
}

const decode = (bytes: Uint8Array | undefined) =>
  new TextDecoder().decode(bytes);

describe("pipeline over the samples", () => {
  it.each(samples)("processes $file", async (sample) => {
    const { pipeline, rawStore, processedStore, registry, router } = setup();

    const result = await pipeline.ingest({
      body: sample.body,
      receivedAt: RECEIVED_AT,
    });

    const payloadHash = hashPayload(parsePayload(sample.body));
    const eventId = `${payloadHash.slice(0, 16)}-1796378400`;
    const key = `${sample.eventType}/2026/12/04/${eventId}.json`;
    expect(result.duplicate).toBe(false);
    expect(result.event.eventId).toBe(eventId);
    expect(result.event.eventType).toBe(sample.eventType);
    expect(result.event.routingTarget).toBe(sample.routingTarget);
    expect(result.strippedFieldCount).toBe(sample.strippedFields);
    expect(await keysOf(rawStore)).toEqual([key]);
    expect(await keysOf(processedStore)).toEqual([key]);
    expect(await rawStore.get(key)).toEqual(sample.body);

    const document = JSON.parse(decode(await processedStore.get(key)));
    expect(document.metadata).toEqual({
      event_id: eventId,
      event_type: sample.eventType,
      payload_hash: payloadHash,
      event_version: 1,
      received_at: "2026-12-04T10:00:00.000Z",
      processed_at: "2026-12-04T10:00:00.000Z",
      routing_target: sample.routingTarget,
      rules_version: rules.version,
      detection_rule: expect.any(String),
      raw_key: key,
      stripped_fields: expect.any(Array),
    });
    expect(document.metadata.stripped_fields).toHaveLength(
      sample.strippedFields,
    );

    const record = await registry.findByHash(payloadHash);
    expect(record).toMatchObject({
      status: "processed",
      eventId,
      eventType: sample.eventType,
      rawKey: key,
      processedKey: key,
      routingTarget: sample.routingTarget,
      rulesVersion: rules.version,
      duplicateCount: 0,
      ttl: Math.floor(Date.parse("2033-12-04T10:00:00.000Z") / 1000),
    });
    expect(record?.claimToken).toBeUndefined();
    expect(router.routed.map((event) => event.routingTarget)).toEqual([
      sample.routingTarget,
    ]);
  });

  it.each(samples)("answers a second $file as a duplicate", async (sample) => {
    const { pipeline, rawStore, clock } = setup();
    const first = await pipeline.ingest({ body: sample.body });
    clock.advance(5);

    const second = await pipeline.ingest({ body: sample.body });

    expect(second.duplicate).toBe(true);
    expect(second.event.eventId).toBe(first.event.eventId);
    expect(second.event.processedKey).toBe(first.event.processedKey);
    expect(second.event.duplicateCount).toBe(1);
    expect(await keysOf(rawStore)).toHaveLength(1);
  });
});

describe("pipeline claim", () => {
  it("gives one event for concurrent deliveries", async () => {
    const { pipeline, rawStore, processedStore, router } = setup();
    const body = samples[0]?.body as Uint8Array;

    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => pipeline.ingest({ body })),
    );

    const created = outcomes.filter(
      (outcome) => outcome.status === "fulfilled" && !outcome.value.duplicate,
    );
    const rejected = outcomes.filter(
      (outcome) => outcome.status === "rejected",
    );
    expect(created).toHaveLength(1);
    for (const outcome of rejected) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(
        EventInProgressError,
      );
    }
    expect(await keysOf(rawStore)).toHaveLength(1);
    expect(await keysOf(processedStore)).toHaveLength(1);
    expect(router.routed).toHaveLength(1);
  });

  it("takes over a crashed claim once the lease ends", async () => {
    const raw = new MemoryObjectStore();
    const failing = failingOnce(raw);
    const registry = new MemoryEventRegistry();
    const { pipeline, clock } = setup({
      rawStore: failing,
      registry: withoutRelease(registry),
    });
    const body = samples[1]?.body as Uint8Array;

    await expect(pipeline.ingest({ body })).rejects.toThrow(
      "injected store failure",
    );
    clock.advance(10);
    const early = pipeline.ingest({ body });
    await expect(early).rejects.toBeInstanceOf(EventInProgressError);
    await expect(early).rejects.toMatchObject({ retryAfterSeconds: 2 });
    clock.advance(21);

    const retry = await pipeline.ingest({ body });

    expect(retry.takeover).toBe(true);
    expect(retry.event.eventId).toMatch(/-1796378400$/);
    expect(await keysOf(raw)).toEqual([retry.event.rawKey]);
    const record = await registry.findByHash(retry.event.payloadHash);
    expect(record?.status).toBe("processed");
    expect(record?.receivedAt).toBe("2026-12-04T10:00:00.000Z");
  });

  it("releases the claim when a step fails", async () => {
    const raw = new MemoryObjectStore();
    const { pipeline, registry } = setup({ rawStore: failingOnce(raw) });
    const body = samples[1]?.body as Uint8Array;

    await expect(pipeline.ingest({ body })).rejects.toThrow(
      "injected store failure",
    );
    const released = await registry.findByHash(hashPayload(parsePayload(body)));
    const retry = await pipeline.ingest({ body });

    expect(released?.status).toBe("processing");
    expect(released?.claimToken).toBeUndefined();
    expect(retry.takeover).toBe(true);
    expect(retry.event.eventId).toBe(released?.eventId);
    expect(await keysOf(raw)).toEqual([retry.event.rawKey]);
  });

  it("reuses objects a crashed attempt wrote", async () => {
    const router = new MemoryRouter();
    let crash = true;
    const crashingRouter = {
      route: async (event: Parameters<MemoryRouter["route"]>[0]) => {
        if (crash) {
          crash = false;
          throw new StoreUnavailableError("injected routing failure");
        }
        await router.route(event);
      },
    };
    const { pipeline, clock, processedStore } = setup({
      router: crashingRouter,
    });
    const body = samples[2]?.body as Uint8Array;

    await expect(pipeline.ingest({ body })).rejects.toThrow(
      "injected routing failure",
    );
    const [key] = await keysOf(processedStore);
    const firstDocument = decode(await processedStore.get(key as string));
    clock.advance(31);
    const retry = await pipeline.ingest({ body });

    expect(retry.takeover).toBe(true);
    expect(await keysOf(processedStore)).toEqual([key]);
    expect(decode(await processedStore.get(key as string))).toBe(firstDocument);
    expect(router.routed).toHaveLength(1);
  });

  it("keeps the first document when the rules changed before the retry", async () => {
    let crash = true;
    const router = new MemoryRouter();
    const crashingRouter = {
      route: async (event: Parameters<MemoryRouter["route"]>[0]) => {
        if (crash) {
          crash = false;
          throw new StoreUnavailableError("injected routing failure");
        }
        await router.route(event);
      },
    };
    const stores = {
      rawStore: new MemoryObjectStore(),
      processedStore: new MemoryObjectStore(),
      registry: new MemoryEventRegistry(),
    };
    const body = samples[0]?.body as Uint8Array;
    const first = createPipeline({ rules, ...stores, router: crashingRouter });
    const edited = parseRules(
      `${readFileSync(RULES_FILE, "utf8")}\n# edited\n`.replace(
        "target: product-service",
        "target: store-service",
      ),
    );
    const second = createPipeline({ rules: edited, ...stores, router });

    await expect(first.ingest({ body })).rejects.toThrow(
      "injected routing failure",
    );
    const retry = await second.ingest({ body });

    expect(retry.takeover).toBe(true);
    expect(retry.event.routingTarget).toBe("product-service");
    expect(router.routed[0]?.routingTarget).toBe("product-service");
    const record = await stores.registry.findByHash(retry.event.payloadHash);
    expect(record?.rulesVersion).toBe(rules.version);
    expect(record?.rulesVersion).not.toBe(edited.version);
  });

  it("keeps the claim token out of an in-progress error", async () => {
    const registry = new MemoryEventRegistry();
    const raw = failingOnce(new MemoryObjectStore());
    const { pipeline } = setup({
      rawStore: raw,
      registry: withoutRelease(registry),
    });
    const body = samples[0]?.body as Uint8Array;
    await expect(pipeline.ingest({ body })).rejects.toThrow();

    const error = await pipeline
      .ingest({ body })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(EventInProgressError);
    expect((error as EventInProgressError).record.claimToken).toBeUndefined();
  });

  it("writes nothing for an invalid payload", async () => {
    const { pipeline, rawStore, processedStore, registry } = setup();

    await expect(
      pipeline.ingest({ body: new TextEncoder().encode('{"a":') }),
    ).rejects.toBeInstanceOf(InvalidPayloadError);

    expect(await keysOf(rawStore)).toEqual([]);
    expect(await keysOf(processedStore)).toEqual([]);
    expect(await registry.list({})).toEqual([]);
  });
});
