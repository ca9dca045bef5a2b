import {
  createPipeline,
  EventInProgressError,
  type ObjectStore,
  StoreUnavailableError,
} from "@axentra/core";
import { withoutRelease } from "@axentra/core/testing";
import { openLocalStore } from "@axentra/local-store";
import { loadRulesFile } from "@axentra/rules";
import { describe, expect, it } from "vitest";
import { loadSamples } from "../../../examples/samples.js";
import { listFiles, RULES_FILE, temporaryFolder } from "./support.js";

const samples = loadSamples();

/** Wraps a store so that its first `putImmutable` fails, as a crash would. */
function crashingOnce(store: ObjectStore): ObjectStore {
  let crashed = false;
  return {
    putImmutable: async (key, body, options) => {
      if (!crashed) {
        crashed = true;
        throw new StoreUnavailableError("injected crash after the claim");
      }
      return store.putImmutable(key, body, options);
    },
    get: (key) => store.get(key),
    list: (prefix) => store.list(prefix),
  };
}

describe("claim on the embedded store", () => {
  it("gives one event for concurrent deliveries", async () => {
    const dataDir = await temporaryFolder();
    const store = await openLocalStore({ dataDir });
    const rules = await loadRulesFile(RULES_FILE);
    const pipeline = createPipeline({ rules, ...store });
    const body = samples[3]?.body as Uint8Array;

    const outcomes = await Promise.allSettled([
      pipeline.ingest({ body }),
      pipeline.ingest({ body }),
    ]);
    store.close();

    const created = outcomes.filter(
      (outcome) => outcome.status === "fulfilled" && !outcome.value.duplicate,
    );
    expect(created).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") {
        expect(outcome.reason).toBeInstanceOf(EventInProgressError);
      }
    }
    expect(await listFiles(`${dataDir}/raw-audit`)).toHaveLength(1);
  });

  it("takes over a crashed claim after the lease and keeps the event id", async () => {
    const dataDir = await temporaryFolder();
    const store = await openLocalStore({ dataDir });
    const rules = await loadRulesFile(RULES_FILE);
    let now = new Date("2026-12-04T10:00:00.000Z");
    const clock = () => now;
    const body = samples[4]?.body as Uint8Array;
    const crashing = createPipeline({
      rules,
      ...store,
      rawStore: crashingOnce(store.rawStore),
      registry: withoutRelease(store.registry),
      now: clock,
      leaseSeconds: 30,
    });
    const pipeline = createPipeline({
      rules,
      ...store,
      now: clock,
      leaseSeconds: 30,
    });

    await expect(crashing.ingest({ body })).rejects.toThrow(
      "injected crash after the claim",
    );
    now = new Date("2026-12-04T10:00:10.000Z");
    await expect(pipeline.ingest({ body })).rejects.toBeInstanceOf(
      EventInProgressError,
    );
    now = new Date("2026-12-04T10:00:31.000Z");
    const retry = await pipeline.ingest({ body });
    const record = await store.registry.findByHash(retry.event.payloadHash);
    store.close();

    expect(retry.takeover).toBe(true);
    expect(retry.event.eventId).toBe(
      `${retry.event.payloadHash.slice(0, 16)}-1796378400`,
    );
    expect(record?.status).toBe("processed");
    expect(await listFiles(`${dataDir}/raw-audit`)).toEqual([
      retry.event.rawKey,
    ]);
    expect(await listFiles(`${dataDir}/processed`)).toEqual([
      retry.event.processedKey,
    ]);
  });
});
