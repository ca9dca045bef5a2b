import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLES_DIR } from "./paths.js";

/** A delivery body used as a template: every use varies one field. */
export interface PayloadTemplate {
  readonly name: string;
  readonly text: string;
}

/** Number of variants of the large product. */
export const LARGE_PRODUCT_VARIANTS = 100;

/**
 * The first UUID of a body. Every sample carries one (a record, product or
 * store id), so varying its last group makes each body a new payload of the
 * same size and shape.
 */
const FIRST_UUID =
  /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-)[0-9a-f]{12}/;

/** Largest sequence number that fits the 12 hex digits of a UUID's last group. */
const MAX_SEQUENCE = 0xffff_ffff_ffff;

/** Reads the sample deliveries in `examples/`, in file name order. */
export function loadSamples(folder = EXAMPLES_DIR): PayloadTemplate[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(folder, name), "utf8") }));
}

/**
 * Returns `template` with the last group of its first UUID replaced by
 * `sequence` in 12 hex digits, so that distinct sequence numbers give
 * distinct payloads of equal length. Throws when the template has no UUID
 * or the sequence does not fit.
 */
export function varyPayload(
  template: PayloadTemplate,
  sequence: number,
): string {
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > MAX_SEQUENCE) {
    throw new RangeError(
      `sequence ${sequence} does not fit 12 hex digits; use 0 to ${MAX_SEQUENCE}`,
    );
  }
  if (!FIRST_UUID.test(template.text)) {
    throw new Error(
      `payload ${template.name} has no UUID to vary; add an id to the sample`,
    );
  }

  const group = sequence.toString(16).padStart(12, "0");

  return template.text.replace(FIRST_UUID, (_match, prefix) => prefix + group);
}

const WORDS = [
  "panel",
  "fasting",
  "marker",
  "glucose",
  "lipid",
  "thyroid",
  "sample",
  "venous",
  "serum",
  "plasma",
  "screening",
  "results",
  "within",
  "hours",
  "clinic",
  "reference",
];

/**
 * A linear congruential generator (the constants of Numerical Recipes), so
 * that the large product is the same on every machine and every run.
 */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function sentence(random: () => number, words: number): string {
  const picked: string[] = [];
  for (let index = 0; index < words; index += 1) {
    picked.push(WORDS[Math.floor(random() * WORDS.length)] as string);
  }

  return `${picked.join(" ")}.`;
}

function hexId(random: () => number, index: number): string {
  const head = Math.floor(random() * 0xffff_ffff)
    .toString(16)
    .padStart(8, "0");

  return `${head}-5e4f-4a3b-8c2d-${index.toString(16).padStart(12, "0")}`;
}

/**
 * Builds a nested `{"products": {...}}` update of one product with 100
 * variants, about 200 KB of indented JSON, the same bytes on every call.
 * Each variant carries the fields the rules strip, so stripping has work.
 */
export function largeProduct(): PayloadTemplate {
  const random = seededRandom(20_261_204);
  const productId = "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
  const variants = [];
  for (let index = 0; index < LARGE_PRODUCT_VARIANTS; index += 1) {
    variants.push({
      id: hexId(random, index),
      product_id: productId,
      name: "Comprehensive Wellness Panel",
      variant_name: `Variant ${index + 1}`,
      description: sentence(random, 180),
      price: Number((20 + random() * 300).toFixed(2)),
      sku: `CWP-${index.toString().padStart(3, "0")}`,
      status: index % 7 === 0 ? "draft" : "active",
      image_url: `https://cdn.example.com/img/cwp-${index}.png`,
      stock_quantity: Math.floor(random() * 10_000),
      is_default: index === 0,
      stockStatus: "in_stock",
      lab_test_codes_id: String(300_000 + index),
      service_product_id: `svc_${index.toString(16)}`,
      cpr_price: Number((random() * 50).toFixed(2)),
      archived_at: null,
    });
  }
  const product = {
    products: {
      id: productId,
      name: "Comprehensive Wellness Panel",
      description: sentence(random, 40),
      price: 129.0,
      store_id: "b2e4c6a8-1d3f-4a5b-8c7d-9e0f1a2b3c4d",
      created_at: "2026-01-10T10:00:00+00:00",
      updated_at: "2026-12-03T12:30:00+00:00",
      archived_at: null,
      product_variants: variants,
    },
  };

  return {
    name: "large-product-100-variants",
    text: `${JSON.stringify(product, null, 2)}\n`,
  };
}
