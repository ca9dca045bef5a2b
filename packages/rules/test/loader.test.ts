import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  loadRulesFile,
  parseRules,
  RulesFileError,
  RulesValidationError,
} from "../src/index.js";

const ROOT_RULES = join(import.meta.dirname, "../../../rules.yaml");
const defaults = readFileSync(ROOT_RULES, "utf8");

function problems(text: string): string[] {
  try {
    parseRules(text, "rules.yaml");
  } catch (error) {
    if (error instanceof RulesValidationError) {
      return error.message
        .split("\n")
        .slice(1)
        .map((line) => line.trim());
    }
    throw error;
  }
  throw new Error("expected the rules to be rejected");
}

const MINIMAL = `version: 1
entities:
  products:
    event_name: product
    strip: [created_at]
detection:
  - name: nested
    nested:
      key: products
      cases:
        - action: create
fallback_event_type: unknown
routing:
  targets: [product-service, default-handler]
  routes:
    - event_types: [product_*]
      target: product-service
  default: default-handler
`;

describe("parseRules", () => {
  it("accepts the root rules file", () => {
    const rules = parseRules(defaults, "rules.yaml");

    expect(rules.version).toMatch(/^[0-9a-f]{64}$/);
    expect(rules.eventTypes).toContain("product_variant_update");
  });

  it("accepts a minimal file", () => {
    expect(parseRules(MINIMAL).eventTypes).toEqual([
      "product_create",
      "unknown",
    ]);
  });

  it("reports bad YAML with its place", () => {
    expect(problems("version: 1\nentities: [\n")).toEqual([
      "rules.yaml:3:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
  });

  it("reports a wrong type with what was found", () => {
    const text = MINIMAL.replace(
      "strip: [created_at]",
      "strip: [created_at, 42]",
    );

    expect(problems(text)).toEqual([
      "rules.yaml:5:25: entities.products.strip[1]: expected a string, found number 42",
    ]);
  });

  it("reports an unknown key with the accepted keys", () => {
    const text = MINIMAL.replace("strip: [created_at]", "strp: [created_at]");

    expect(problems(text)).toEqual([
      "rules.yaml:5:5: entities.products.strp: unknown key; expected one of event_name, strip",
    ]);
  });

  it("reports a duplicate entity", () => {
    const text = MINIMAL.replace(
      "detection:",
      "  products:\n    event_name: item\ndetection:",
    );

    expect(problems(text)).toEqual([
      'rules.yaml:6:3: entities.products: duplicate key "products" (first defined at line 3)',
    ]);
  });

  it("reports a route to an undeclared target", () => {
    const text = MINIMAL.replace(
      "target: product-service",
      "target: stock-service",
    );

    expect(problems(text)).toEqual([
      'rules.yaml:17:15: routing.routes[0].target: expected one of the declared targets (product-service, default-handler), found "stock-service"',
    ]);
  });

  it("reports a route that matches no event type", () => {
    const text = MINIMAL.replace("[product_*]", "[product_*, store_*]");

    expect(problems(text)).toEqual([
      'rules.yaml:16:32: routing.routes[0].event_types[1]: pattern "store_*" matches no event type the detection rules produce (product_create, unknown)',
    ]);
  });

  it("reports a missing section", () => {
    const text = MINIMAL.replace("fallback_event_type: unknown\n", "");

    expect(problems(text)).toEqual([
      "rules.yaml:1:1: fallback_event_type: missing; expected a string",
    ]);
  });

  it("reports repeated entries and bad references together", () => {
    const text = MINIMAL.replace(
      "strip: [created_at]",
      "strip: [created_at, created_at]",
    )
      .replace("key: products", "key: product")
      .replace(
        "targets: [product-service, default-handler]",
        "targets: [product-service, default-handler, product-service]",
      );

    expect(problems(text)).toEqual([
      'rules.yaml:5:25: entities.products.strip[1]: duplicate field in the strip list of products: "created_at" (first given at index 0)',
      'rules.yaml:9:12: detection[0].nested.key: expected one of the entities (products), found "product"',
      'rules.yaml:14:47: routing.targets[2]: duplicate target "product-service" (first given at index 0)',
      'rules.yaml:16:21: routing.routes[0].event_types[0]: pattern "product_*" matches no event type the detection rules produce (unknown)',
    ]);
  });

  it("counts the problems in the first line", () => {
    const error = (() => {
      try {
        parseRules("version: 2\n", "custom.yaml");
      } catch (caught) {
        return caught as RulesValidationError;
      }
      return undefined;
    })();

    expect(error?.message.split("\n")[0]).toBe(
      "rules file custom.yaml is invalid (5 problems):",
    );
    expect(error?.issues[0]).toEqual({
      file: "custom.yaml",
      line: 1,
      column: 10,
      path: "version",
      message: "expected 1, found number 2",
    });
  });
});

describe("loadRulesFile", () => {
  it("loads the root rules file", async () => {
    const rules = await loadRulesFile(ROOT_RULES);

    expect(rules.file).toBe(ROOT_RULES);
  });

  it("names a missing file", async () => {
    const load = loadRulesFile("/nonexistent/rules.yaml");

    await expect(load).rejects.toBeInstanceOf(RulesFileError);
    await expect(load).rejects.toThrow(
      "cannot read rules file /nonexistent/rules.yaml (ENOENT); check that the file exists and is readable",
    );
  });
});
