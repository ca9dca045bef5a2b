import { beforeAll, describe, expect, it } from "vitest";

type StageModule = typeof import("../infra/stage");

let stage: StageModule | undefined;

function load(): StageModule {
  if (!stage) {
    throw new Error("infra/stage.ts was not loaded");
  }

  return stage;
}

beforeAll(async () => {
  Object.assign(globalThis, {
    $app: {
      name: "axentra-webhook",
      stage: "feature-login-flow",
      protect: false,
    },
  });
  stage = await import("../infra/stage");
});

describe("stageResourceName", () => {
  it("prefixes the app and stage", () => {
    expect(load().stageResourceName("deliveries", 48)).toBe(
      "axentra-webhook-feature-login-flow-deliveries",
    );
  });

  it("throws when the name is too long", () => {
    expect(() => load().stageResourceName("deliveries", 40)).toThrow(
      new Error(
        'Resource name "axentra-webhook-feature-login-flow-deliveries" has 45 characters, but AWS allows at most 40. Deploy with a shorter stage name.',
      ),
    );
  });
});

describe("isProductionStage", () => {
  it.each([
    "production",
    "prod",
    "prod-eu",
    "prod-us-east-1",
    "Production",
    "PROD",
    "Prod-EU",
  ])("%s is production", (name) => {
    expect(load().isProductionStage(name)).toBe(true);
  });

  it.each([
    "ci",
    "dev",
    "alice",
    "staging",
    "production-copy",
    "productions",
    "prodeu",
    "prod_eu",
    "preprod",
    "my-prod",
    "product",
    "",
  ])("%s is not production", (name) => {
    expect(load().isProductionStage(name)).toBe(false);
  });

  it("treats a missing stage as not production", () => {
    expect(load().isProductionStage(undefined)).toBe(false);
  });
});

describe("isProduction", () => {
  it("decides by $app.stage", () => {
    const app = (globalThis as unknown as { $app: { stage: string } }).$app;
    const original = app.stage;

    try {
      app.stage = "prod-eu";
      expect(load().isProduction()).toBe(true);
      app.stage = "feature-login-flow";
      expect(load().isProduction()).toBe(false);
    } finally {
      app.stage = original;
    }
  });
});
