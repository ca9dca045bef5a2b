import {
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalStoreError } from "../src/errors.js";
import { type LocalStore, openLocalStore } from "../src/open-local-store.js";

const OPTIONS = { contentType: "application/json" } as const;
const KEY = "product_create/2026/12/04/3f9a0c1d2e4b5a69-1764856800.json";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "axentra-local-store-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PAYLOAD_HASH = "3f9a0c1d2e4b5a69".padEnd(64, "0");
const RECEIVED_AT = new Date("2025-12-04T14:00:00.000Z");

const ROUTED = {
  eventId: "3f9a0c1d2e4b5a69-1764856800",
  eventType: "product_create",
  payloadHash: PAYLOAD_HASH,
  routingTarget: "product-service",
  processedKey: KEY,
  rawKey: KEY,
  document: "{}",
};

function claimOf(claimToken: string) {
  return {
    payloadHash: PAYLOAD_HASH,
    eventId: ROUTED.eventId,
    receivedAt: RECEIVED_AT,
    claimToken,
    leaseExpiresAt: new Date(RECEIVED_AT.getTime() + 30_000),
    now: RECEIVED_AT,
  };
}

function completionOf(claimToken: string) {
  return {
    payloadHash: PAYLOAD_HASH,
    claimToken,
    eventType: ROUTED.eventType,
    rawKey: KEY,
    processedKey: KEY,
    routingTarget: ROUTED.routingTarget,
    rulesVersion: "rules-v1",
    processingTimestamp: new Date(RECEIVED_AT.getTime() + 1_000),
    ttl: 1_985_781_600,
  };
}

/** Claims, routes and completes one event, as the pipeline does. */
async function processOneEvent(store: LocalStore, claimToken: string) {
  await store.registry.claim(claimOf(claimToken));
  await store.router.route(ROUTED);
  await store.registry.complete(completionOf(claimToken));
}

describe("openLocalStore", () => {
  it("creates the data folder layout", async () => {
    const dataDir = join(dir, "nested", ".axentra");

    const store = await openLocalStore({ dataDir });
    store.close();

    // The last connection to close checkpoints and removes the WAL files.
    expect((await readdir(dataDir)).sort()).toEqual([
      "processed",
      "raw-audit",
      "registry.sqlite",
    ]);
  });

  it("creates folders only the owner can open", async () => {
    const dataDir = join(dir, ".axentra");

    const store = await openLocalStore({ dataDir });
    await store.processedStore.putImmutable(
      KEY,
      new Uint8Array([123, 125]),
      OPTIONS,
    );
    store.close();

    for (const folder of [
      dataDir,
      join(dataDir, "raw-audit"),
      join(dataDir, "processed", "product_create", "2026"),
    ]) {
      expect((await stat(folder)).mode & 0o777).toBe(0o700);
    }
  });

  it("keeps raw and processed objects apart", async () => {
    const store = await openLocalStore({ dataDir: dir });

    await store.rawStore.putImmutable(KEY, Buffer.from("raw"), OPTIONS);
    await store.processedStore.putImmutable(KEY, Buffer.from("out"), OPTIONS);
    store.close();

    expect(await readFile(join(dir, "raw-audit", KEY), "utf8")).toBe("raw");
    expect(await readFile(join(dir, "processed", KEY), "utf8")).toBe("out");
  });

  it("reopens an existing folder", async () => {
    const first = await openLocalStore({ dataDir: dir });
    await processOneEvent(first, "token-1");
    first.close();

    const second = await openLocalStore({ dataDir: dir });
    const routed = await second.router.listRouted();
    second.close();

    expect(routed.map((entry) => entry.processedKey)).toEqual([KEY]);
  });

  it("records a routed event only with its completion", async () => {
    const store = await openLocalStore({ dataDir: dir });
    await store.registry.claim(claimOf("token-1"));
    await store.router.route(ROUTED);

    const beforeCompletion = await store.router.listRouted();
    const stale = await store.registry
      .complete(completionOf("token-2"))
      .catch((error: unknown) => error);
    const afterStale = await store.router.listRouted();
    store.close();

    expect(beforeCompletion).toEqual([]);
    expect(stale).toBeInstanceOf(Error);
    expect(afterStale).toEqual([]);
  });

  it("close closes the database connections", async () => {
    const store = await openLocalStore({ dataDir: dir });

    store.close();

    await expect(store.registry.findByHash("0".repeat(64))).rejects.toThrow(
      "The database connection is not open",
    );
    await expect(store.router.listRouted()).rejects.toThrow(
      "The database connection is not open",
    );
  });

  it("rejects a data folder that is a file", async () => {
    const dataDir = join(dir, "data");
    await writeFile(dataDir, "");

    const error = await openLocalStore({ dataDir }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(LocalStoreError);
    expect((error as Error).message).toBe(
      `failed to create data folder ${join(dataDir, "raw-audit")}: ENOTDIR; ` +
        "check that the data folder path names a writable folder",
    );
  });
});
