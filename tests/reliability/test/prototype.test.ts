import {
  createPipeline,
  hashPayload,
  type JsonObject,
  parsePayload,
  serializeJson,
} from "@axentra/core";
import { openLocalStore } from "@axentra/local-store";
import { loadRulesFile, type Rules } from "@axentra/rules";
import { beforeAll, describe, expect, it } from "vitest";
import { readProcessed, temporaryFolder } from "./support/local-data.js";
import { RULES_FILE } from "./support/paths.js";
import { PROTO_KEYS, PROTOTYPE_NAMES, utf8 } from "./support/payloads.js";

const PROTOTYPE_NAMES_BEFORE = Object.getOwnPropertyNames(
  Object.prototype,
).sort();

let rules: Rules;

beforeAll(async () => {
  rules = await loadRulesFile(RULES_FILE);
});

/** Fails when anything was added to or changed on Object.prototype. */
function expectNoPollution(step: string): void {
  const probe: Record<string, unknown> = {};

  expect(
    Object.getOwnPropertyNames(Object.prototype).sort(),
    `Object.prototype after ${step}`,
  ).toEqual(PROTOTYPE_NAMES_BEFORE);
  expect(probe.polluted, `inherited value after ${step}`).toBeUndefined();
  expect(probe.archived_at, `inherited value after ${step}`).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
}

/** Reads `path` (keys) of a parsed value as own properties only. */
function ownAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (
      typeof current !== "object" ||
      current === null ||
      !Object.hasOwn(current, key)
    ) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }

  return current;
}

/** A payload with prototype-named keys and what the pipeline must make of it. */
interface PrototypeCase {
  readonly name: string;
  readonly body: Uint8Array;
  readonly eventType: string;
  /** Key paths that must stay own data, down to a leaf value. */
  readonly ownValues: readonly (readonly [readonly string[], unknown])[];
  readonly stripped: readonly string[];
}

const CASES: readonly PrototypeCase[] = [
  {
    name: "__proto__ in a Supabase record",
    body: PROTO_KEYS,
    // archived_at under record.__proto__ is data, not the record's own
    // field, so the UPDATE is no soft delete.
    eventType: "product_update",
    ownValues: [
      [["record", "__proto__", "polluted"], "yes"],
      [["record", "__proto__", "created_at"], "kept"],
      [["old_record", "__proto__"], null],
    ],
    stripped: ["record.created_at"],
  },
  {
    name: "constructor and prototype in a store record",
    body: PROTOTYPE_NAMES,
    eventType: "store_create",
    ownValues: [
      [["record", "constructor", "prototype", "polluted"], "yes"],
      [["record", "prototype", "polluted"], "yes"],
      [["record", "toString"], "text"],
      [["record", "hasOwnProperty"], false],
    ],
    stripped: [],
  },
  {
    name: "__proto__ holding a Supabase envelope",
    body: utf8(
      '{"__proto__":{"type":"DELETE","table":"products",' +
        '"record":{"id":"1"}},"note":"not an envelope"}',
    ),
    // The envelope fields are not own fields of the payload.
    eventType: "unknown",
    ownValues: [[["__proto__", "table"], "products"]],
    stripped: [],
  },
  {
    name: "__proto__ in a nested product",
    body: utf8(
      '{"products":{"id":"2","created_at":"2026-01-01T00:00:00Z",' +
        '"__proto__":{"archived_at":"2026-12-01T00:00:00Z"}}}',
    ),
    eventType: "product_update",
    ownValues: [
      [["products", "__proto__", "archived_at"], "2026-12-01T00:00:00Z"],
    ],
    stripped: ["products.created_at"],
  },
];

describe("prototype-named keys through every pipeline step", () => {
  it.each(CASES)("$name stay data", async (testCase) => {
    const payload = parsePayload(testCase.body);
    expectNoPollution("parse");
    for (const [path, value] of testCase.ownValues) {
      expect(ownAt(payload, path), path.join(".")).toEqual(value);
    }

    const detection = rules.detect(payload);
    expectNoPollution("detect");
    expect(detection.eventType).toBe(testCase.eventType);

    const stripped = rules.strip(payload);
    expectNoPollution("strip");
    expect(stripped.removed).toEqual(testCase.stripped);
    for (const [path, value] of testCase.ownValues) {
      expect(ownAt(stripped.payload, path), path.join(".")).toEqual(value);
    }

    const text = serializeJson(stripped.payload);
    expectNoPollution("serialize");
    for (const [path, value] of testCase.ownValues) {
      expect(ownAt(JSON.parse(text), path), path.join(".")).toEqual(value);
    }

    const dataDir = await temporaryFolder();
    const store = await openLocalStore({ dataDir });
    try {
      const pipeline = createPipeline({ rules, ...store });
      const result = await pipeline.ingest({ body: testCase.body });
      expectNoPollution("the pipeline");
      const document = JSON.parse(
        await readProcessed(dataDir, result.event.processedKey),
      ) as { metadata: JsonObject; payload: unknown };
      expect(result.event.eventType).toBe(testCase.eventType);
      expect(document.metadata.stripped_fields).toEqual(testCase.stripped);
      for (const [path, value] of testCase.ownValues) {
        expect(ownAt(document.payload, path), path.join(".")).toEqual(value);
      }
    } finally {
      store.close();
    }
  });

  it("counts a __proto__ key in the payload hash", () => {
    const withKey = parsePayload(utf8('{"a":1,"__proto__":{"b":2}}'));
    const withoutKey = parsePayload(utf8('{"a":1}'));

    expect(hashPayload(withKey)).not.toBe(hashPayload(withoutKey));
    expectNoPollution("hashing");
  });
});
