import { join } from "node:path";
import { parsePayload } from "@axentra/core";
import { loadRulesFile } from "@axentra/rules";
import { describe, expect, it } from "vitest";
import {
  LARGE_PRODUCT_VARIANTS,
  largeProduct,
  loadSamples,
  varyPayload,
} from "../src/payloads.js";

const RULES_FILE = join(import.meta.dirname, "../../rules.yaml");
const encoder = new TextEncoder();

describe("varyPayload", () => {
  it("replaces the last group of the first UUID", () => {
    const template = {
      name: "t",
      text: '{"id": "7f9c2a1e-4b3d-4e8a-9c1f-2d6b8e0a5f31", "other": "7f9c2a1e-4b3d-4e8a-9c1f-2d6b8e0a5f31"}',
    };

    expect(varyPayload(template, 255)).toBe(
      '{"id": "7f9c2a1e-4b3d-4e8a-9c1f-0000000000ff", "other": "7f9c2a1e-4b3d-4e8a-9c1f-2d6b8e0a5f31"}',
    );
  });

  it("gives every sample new payloads of equal length", () => {
    for (const sample of loadSamples()) {
      const first = varyPayload(sample, 1);
      const second = varyPayload(sample, 2);

      expect(first).not.toBe(second);
      expect(first.length).toBe(sample.text.length);
      expect(() => parsePayload(encoder.encode(first))).not.toThrow();
    }
  });

  it("rejects a template without a UUID", () => {
    expect(() => varyPayload({ name: "plain.json", text: "{}" }, 1)).toThrow(
      "payload plain.json has no UUID to vary; add an id to the sample",
    );
  });

  it("rejects a sequence beyond 12 hex digits", () => {
    expect(() => varyPayload(largeProduct(), 2 ** 48)).toThrow(
      "sequence 281474976710656 does not fit 12 hex digits; use 0 to 281474976710655",
    );
  });
});

describe("largeProduct", () => {
  it("is the same on every call", () => {
    expect(largeProduct().text).toBe(largeProduct().text);
  });

  it("is a product update of about 200 KB", async () => {
    const text = largeProduct().text;
    const payload = parsePayload(encoder.encode(text));
    const rules = await loadRulesFile(RULES_FILE);
    const products = payload.products as { product_variants: unknown[] };

    expect(Buffer.byteLength(text)).toBeGreaterThan(180_000);
    expect(Buffer.byteLength(text)).toBeLessThan(220_000);
    expect(products.product_variants).toHaveLength(LARGE_PRODUCT_VARIANTS);
    expect(rules.detect(payload).eventType).toBe("product_update");
  });
});
