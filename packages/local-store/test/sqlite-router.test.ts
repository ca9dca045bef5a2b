import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RoutedEvent } from "@axentra/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteEventRegistry } from "../src/sqlite-event-registry.js";
import { SqliteRouter } from "../src/sqlite-router.js";

const EVENT: RoutedEvent = {
  eventId: "3f9a0c1d2e4b5a69-1796392800",
  eventType: "product_create",
  payloadHash: "3f9a0c1d2e4b5a69".padEnd(64, "0"),
  routingTarget: "product-service",
  processedKey: "product_create/2026/12/04/3f9a0c1d2e4b5a69-1796392800.json",
  rawKey: "product_create/2026/12/04/3f9a0c1d2e4b5a69-1796392800.json",
  document: '{"metadata":{},"payload":{}}',
};
const OTHER: RoutedEvent = {
  ...EVENT,
  eventId: "0a0a0a0a0a0a0a0a-1796392900",
  eventType: "store_update",
  routingTarget: "store-service",
  processedKey: "store_update/2026/12/04/0a0a0a0a0a0a0a0a-1796392900.json",
};

let dir: string;
let router: SqliteRouter;
let time: number;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "axentra-router-"));
  time = Date.parse("2026-12-04T14:00:05.000Z");
  router = new SqliteRouter(join(dir, "registry.sqlite"), {
    clock: () => new Date(time),
  });
});

afterEach(async () => {
  router.close();
  await rm(dir, { recursive: true, force: true });
});

describe("SqliteRouter", () => {
  it("records a routed event", async () => {
    await router.route(EVENT);

    expect(await router.listRouted()).toEqual([
      {
        eventId: EVENT.eventId,
        routingTarget: "product-service",
        routedAt: "2026-12-04T14:00:05.000Z",
        processedKey: EVENT.processedKey,
      },
    ]);
  });

  it("lists routed events oldest first", async () => {
    await router.route(EVENT);
    time += 1_000;
    await router.route(OTHER);

    const all = await router.listRouted();

    expect(all.map((routed) => routed.eventId)).toEqual([
      EVENT.eventId,
      OTHER.eventId,
    ]);
  });

  it("filters by event id", async () => {
    await router.route(EVENT);
    await router.route(OTHER);

    const routed = await router.listRouted(OTHER.eventId);

    expect(routed.map((entry) => entry.routingTarget)).toEqual([
      "store-service",
    ]);
    expect(await router.listRouted("0000000000000000-0")).toEqual([]);
  });

  it("keeps the first routing of a repeat", async () => {
    await router.route(EVENT);
    time += 60_000;

    await router.route(EVENT);

    const routed = await router.listRouted(EVENT.eventId);
    expect(routed).toHaveLength(1);
    expect(routed[0]?.routedAt).toBe("2026-12-04T14:00:05.000Z");
  });

  it("shares the database with the registry", async () => {
    const registry = new SqliteEventRegistry(join(dir, "registry.sqlite"));
    try {
      await router.route(EVENT);

      expect(await registry.list({})).toEqual([]);
      expect(await router.listRouted()).toHaveLength(1);
    } finally {
      registry.close();
    }
  });
});
