import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSamples, RULES_FILE } from "../../../examples/samples.js";
import { loadRulesFile, parseRules, type Rules } from "../src/index.js";

const samples = loadSamples();
const parse = (body: Uint8Array) =>
  JSON.parse(new TextDecoder().decode(body)) as unknown;
let rules: Rules;

beforeAll(async () => {
  rules = await loadRulesFile(RULES_FILE);
});

describe("default rules over the samples", () => {
  it.each(samples)("detects, strips and routes $file", (sample) => {
    const payload = parse(sample.body);

    const detection = rules.detect(payload);
    const stripped = rules.strip(payload);

    expect(detection.eventType).toBe(sample.eventType);
    expect(rules.route(detection.eventType)).toBe(sample.routingTarget);
    expect(stripped.removed).toHaveLength(sample.strippedFields);
    expect(payload).toEqual(parse(sample.body));
  });

  it("names removed fields by path", () => {
    const sample = samples.find(
      (entry) => entry.file === "nested-product-create.json",
    );
    const stripped = rules.strip(parse(sample?.body as Uint8Array));

    expect(stripped.removed).toEqual([
      "products.created_at",
      "products.updated_at",
      "products.archived_at",
      "products.product_variants[0].image_url",
      "products.product_variants[0].stock_quantity",
      "products.product_variants[0].is_default",
      "products.product_variants[0].stockStatus",
      "products.product_variants[0].lab_test_codes_id",
      "products.product_variants[0].service_product_id",
      "products.product_variants[0].cpr_price",
      "products.product_variants[0].archived_at",
      "products.categories.user_id",
      "products.categories.created_at",
      "products.categories.last_modified",
      "products.categories.image",
    ]);
  });
});

describe("detection", () => {
  it.each([
    [{ type: "INSERT", table: "stores", record: {} }, "store_create"],
    [
      { type: "DELETE", table: "categories", old_record: {} },
      "category_delete",
    ],
    [
      { type: "UPDATE", table: "products", record: { archived_at: null } },
      "product_update",
    ],
    [
      {
        type: "UPDATE",
        table: "products",
        record: { archived_at: "2026-01-01" },
      },
      "product_delete",
    ],
    [
      {
        type: "INSERT",
        table: "products",
        record: { archived_at: "2026-01-01" },
      },
      "product_create",
    ],
    [{ type: "TRUNCATE", table: "products", record: null }, "unknown"],
    [{ type: "INSERT", table: "orders", record: {} }, "unknown"],
    [{ type: "INSERT", table: "products" }, "unknown"],
    [{ products: { id: "p1", archived_at: null } }, "product_update"],
    [{ products: { name: "new" } }, "product_create"],
    [{ products: { id: null, name: "new" } }, "product_create"],
    [{ products: [{ id: "p1" }] }, "unknown"],
    [{ product: { id: "p1" } }, "unknown"],
    [{}, "unknown"],
  ])("detects %j as %s", (payload, eventType) => {
    expect(rules.detect(payload).eventType).toBe(eventType);
  });

  it("routes unknown events to the default target", () => {
    expect(rules.route("unknown")).toBe("default-handler");
  });
});

describe("stripping", () => {
  it("strips entity objects at any depth", () => {
    const payload = {
      data: {
        batch: [
          {
            categories: [
              { id: 1, image: "x" },
              { id: 2, user_id: "u" },
            ],
          },
        ],
      },
    };

    const stripped = rules.strip(payload);

    expect(stripped.payload).toEqual({
      data: { batch: [{ categories: [{ id: 1 }, { id: 2 }] }] },
    });
    expect(stripped.removed).toEqual([
      "data.batch[0].categories[0].image",
      "data.batch[0].categories[1].user_id",
    ]);
  });

  it("keeps fields of other entities", () => {
    const payload = {
      stores: { created_at: "2026-01-01" },
      products: { created_at: "x" },
    };

    expect(rules.strip(payload).payload).toEqual({
      stores: { created_at: "2026-01-01" },
      products: {},
    });
  });

  it("keeps __proto__ as data without touching prototypes", () => {
    const payload = JSON.parse(
      '{"products":{"__proto__":{"polluted":1},"created_at":"x"}}',
    );

    const stripped = rules.strip(payload) as { payload: { products: object } };

    expect(Object.keys(stripped.payload.products)).toEqual(["__proto__"]);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });
});

describe("edited rules", () => {
  it("change behaviour without code changes", () => {
    const text = readFileSync(RULES_FILE, "utf8")
      .replace("strip: []", "strip: [timezone]")
      .replace('["store_*"]', '["store_update"]');
    const edited = parseRules(text);
    const store = samples.find(
      (entry) => entry.file === "supabase-store-update.json",
    );

    const payload = parse(store?.body as Uint8Array);

    expect(edited.strip(payload).removed).toEqual([
      "record.timezone",
      "old_record.timezone",
    ]);
    expect(edited.route("store_create")).toBe("default-handler");
    expect(edited.version).not.toBe(rules.version);
  });
});
