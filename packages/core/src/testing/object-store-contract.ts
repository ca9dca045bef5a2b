import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect } from "vitest";
import { ObjectConflictError } from "../errors.js";
import type { ObjectStore, PutObjectOutcome } from "../ports.js";
import { caseDefiner, rejection } from "./contract-case.js";

/** An empty object store under test and the function that removes it. */
export interface ObjectStoreFixture {
  readonly store: ObjectStore;
  teardown(): Promise<void>;
}

/** Ids of the object store contract cases, for `skip`. */
export const OBJECT_STORE_CONTRACT_CASES = [
  "put-new",
  "put-same-bytes",
  "put-different-bytes",
  "get-missing",
  "get-exact-bytes",
  "list-sorted",
  "list-prefix",
  "concurrent-same-bytes",
  "concurrent-different-bytes",
] as const;

/** Id of one object store contract case. */
export type ObjectStoreContractCase =
  (typeof OBJECT_STORE_CONTRACT_CASES)[number];

/** Options of the object store contract. */
export interface ObjectStoreContractOptions {
  /**
   * Cases to skip, each with the reason, which is shown in the test name.
   * For an emulator that lacks a feature the store relies on.
   */
  readonly skip?: Partial<Record<ObjectStoreContractCase, string>>;
}

const OPTIONS = { contentType: "application/json" } as const;
const KEY = "product_create/2026/12/04/3f9a0c1d2e4b5a69-1764856800.json";
const CONCURRENT_PUTS = 16;

/**
 * Defines the vitest suite that every `ObjectStore` implementation must
 * pass. `setup` runs before each test and returns an empty store, and its
 * `teardown` runs after each test.
 */
export function describeObjectStoreContract(
  name: string,
  setup: () => Promise<ObjectStoreFixture>,
  options: ObjectStoreContractOptions = {},
): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let fixture: ObjectStoreFixture | undefined;
    const store = (): ObjectStore => {
      if (fixture === undefined) throw new Error("setup did not run");
      return fixture.store;
    };
    const test = caseDefiner(options.skip);

    beforeEach(async () => {
      fixture = await setup();
    });

    afterEach(async () => {
      await fixture?.teardown();
      fixture = undefined;
    });

    test("put-new", "put of a new key returns created", async () => {
      const outcome = await store().putImmutable(KEY, json(1), OPTIONS);

      expect(outcome).toBe("created");
      expect(fingerprint(await store().get(KEY))).toBe(fingerprint(json(1)));
    });

    test(
      "put-same-bytes",
      "put of the same bytes returns unchanged",
      async () => {
        await store().putImmutable(KEY, json(1), OPTIONS);

        const outcome = await store().putImmutable(KEY, json(1), OPTIONS);

        expect(outcome).toBe("unchanged");
        expect(fingerprint(await store().get(KEY))).toBe(fingerprint(json(1)));
      },
    );

    test(
      "put-different-bytes",
      "put of different bytes throws ObjectConflictError",
      async () => {
        await store().putImmutable(KEY, json(1), OPTIONS);

        const error = await rejection(
          store().putImmutable(KEY, json(2), OPTIONS),
        );

        expect(error).toBeInstanceOf(ObjectConflictError);
        expect((error as ObjectConflictError).key).toBe(KEY);
        expect((error as Error).message).toBe(
          `object ${KEY} already exists with different content; ` +
            "stored objects are never overwritten",
        );
        expect(fingerprint(await store().get(KEY))).toBe(fingerprint(json(1)));
      },
    );

    test("get-missing", "get of a missing key returns undefined", async () => {
      await store().putImmutable(KEY, json(1), OPTIONS);

      expect(await store().get(KEY.replace("3f9a", "0000"))).toBeUndefined();
      expect(await store().get("product_create/2026/12/04")).toBeUndefined();
      expect(
        await store().get("store_create/2026/12/04/x.json"),
      ).toBeUndefined();
    });

    test("get-exact-bytes", "get returns the exact bytes", async () => {
      const body = Uint8Array.from([
        ...[0xef, 0xbb, 0xbf],
        ...new TextEncoder().encode('{"name":"'),
        ...[0xff, 0xfe, 0xc3, 0x28, 0x80, 0x00, 0x0d, 0x0a],
        ...new TextEncoder().encode('"}\r\n'),
      ]);

      await store().putImmutable(KEY, body, OPTIONS);

      expect(fingerprint(await store().get(KEY))).toBe(fingerprint(body));
    });

    test("list-sorted", "list returns every key in order", async () => {
      for (const key of LISTED_KEYS) {
        await store().putImmutable(key, json(key.length), OPTIONS);
      }

      expect(await collect(store().list())).toEqual(SORTED_KEYS);
      expect(await collect(store().list(""))).toEqual(SORTED_KEYS);
    });

    test("list-prefix", "list returns the keys under a prefix", async () => {
      for (const key of LISTED_KEYS) {
        await store().putImmutable(key, json(key.length), OPTIONS);
      }

      expect(await collect(store().list("product_create/"))).toEqual([
        "product_create/2026/02/28/c1c1c1c1c1c1c1c1-1772236800.json",
        "product_create/2026/12/04/0a0a0a0a0a0a0a0a-1796392800.json",
        "product_create/2026/12/04/3f9a0c1d2e4b5a69-1764856800.json",
      ]);
      expect(await collect(store().list("product_create/2026/1"))).toEqual([
        "product_create/2026/12/04/0a0a0a0a0a0a0a0a-1796392800.json",
        "product_create/2026/12/04/3f9a0c1d2e4b5a69-1764856800.json",
      ]);
      expect(await collect(store().list("product_create"))).toEqual([
        "product_create.v2/2026/01/01/5a5a5a5a5a5a5a5a-1767225600.json",
        "product_create/2026/02/28/c1c1c1c1c1c1c1c1-1772236800.json",
        "product_create/2026/12/04/0a0a0a0a0a0a0a0a-1796392800.json",
        "product_create/2026/12/04/3f9a0c1d2e4b5a69-1764856800.json",
      ]);
      expect(await collect(store().list(KEY))).toEqual([KEY]);
      expect(await collect(store().list("store_create/"))).toEqual([]);
    });

    test(
      "concurrent-same-bytes",
      "concurrent puts of the same bytes create once",
      async () => {
        const outcomes = await Promise.all(
          Array.from({ length: CONCURRENT_PUTS }, () =>
            store().putImmutable(KEY, json(1), OPTIONS),
          ),
        );

        expect(count(outcomes, "created")).toBe(1);
        expect(count(outcomes, "unchanged")).toBe(CONCURRENT_PUTS - 1);
        expect(fingerprint(await store().get(KEY))).toBe(fingerprint(json(1)));
      },
    );

    test(
      "concurrent-different-bytes",
      "concurrent puts of different bytes keep one",
      async () => {
        const bodies = Array.from({ length: CONCURRENT_PUTS }, (_, i) =>
          json(i),
        );

        const results = await Promise.allSettled(
          bodies.map((body) => store().putImmutable(KEY, body, OPTIONS)),
        );

        const winners = results.flatMap((result, i) =>
          result.status === "fulfilled" ? [{ i, outcome: result.value }] : [],
        );
        const losers = results.flatMap((result) =>
          result.status === "rejected" ? [result.reason] : [],
        );
        expect(winners).toHaveLength(1);
        expect(winners[0]?.outcome).toBe("created");
        expect(losers).toHaveLength(CONCURRENT_PUTS - 1);
        for (const error of losers) {
          expect(error).toBeInstanceOf(ObjectConflictError);
        }
        const stored = await store().get(KEY);
        expect(fingerprint(stored)).toBe(
          fingerprint(bodies[winners[0]?.i ?? -1]),
        );
      },
    );
  });
}

/** Keys put by the listing cases, out of order on purpose. */
const LISTED_KEYS = [
  "product_update/2026/01/02/b2b2b2b2b2b2b2b2-1767312000.json",
  "product_create/2026/12/04/3f9a0c1d2e4b5a69-1764856800.json",
  "category_delete/2026/03/01/d4d4d4d4d4d4d4d4-1772323200.json",
  "product_create/2026/12/04/0a0a0a0a0a0a0a0a-1796392800.json",
  "product_create.v2/2026/01/01/5a5a5a5a5a5a5a5a-1767225600.json",
  "product_create/2026/02/28/c1c1c1c1c1c1c1c1-1772236800.json",
];

/**
 * The listing keys in byte order. "." (0x2E) sorts before "/" (0x2F), so
 * `product_create.v2/...` comes before `product_create/...`, which a
 * folder-by-folder walk gets wrong.
 */
const SORTED_KEYS = [
  "category_delete/2026/03/01/d4d4d4d4d4d4d4d4-1772323200.json",
  "product_create.v2/2026/01/01/5a5a5a5a5a5a5a5a-1767225600.json",
  "product_create/2026/02/28/c1c1c1c1c1c1c1c1-1772236800.json",
  "product_create/2026/12/04/0a0a0a0a0a0a0a0a-1796392800.json",
  "product_create/2026/12/04/3f9a0c1d2e4b5a69-1764856800.json",
  "product_update/2026/01/02/b2b2b2b2b2b2b2b2-1767312000.json",
];

function json(n: number): Uint8Array {
  return new TextEncoder().encode(`{"products":{"id":${n}}}`);
}

/** Describes `bytes` by length and SHA-256, so a mismatch diff is short. */
function fingerprint(bytes: Uint8Array | undefined): string {
  if (bytes === undefined) return "undefined";

  const digest = createHash("sha256").update(bytes).digest("hex");
  return `${bytes.byteLength} bytes, sha256 ${digest}`;
}

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const collected: string[] = [];
  for await (const key of keys) collected.push(key);
  return collected;
}

function count(outcomes: PutObjectOutcome[], wanted: PutObjectOutcome): number {
  return outcomes.filter((outcome) => outcome === wanted).length;
}
