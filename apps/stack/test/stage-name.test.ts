import { beforeAll, describe, expect, it } from "vitest";

let stageResourceName:
  | ((suffix: string, maxLength: number) => string)
  | undefined;

function nameFor(suffix: string, maxLength: number): string {
  if (!stageResourceName) {
    throw new Error("infra/stage.ts was not loaded");
  }

  return stageResourceName(suffix, maxLength);
}

beforeAll(async () => {
  Object.assign(globalThis, {
    $app: {
      name: "axentra-webhook",
      stage: "feature-login-flow",
      protect: false,
    },
  });
  ({ stageResourceName } = await import("../infra/stage"));
});

describe("stageResourceName", () => {
  it("prefixes the app and stage", () => {
    expect(nameFor("deliveries", 48)).toBe(
      "axentra-webhook-feature-login-flow-deliveries",
    );
  });

  it("throws when the name is too long", () => {
    expect(() => nameFor("deliveries", 40)).toThrow(
      new Error(
        'Resource name "axentra-webhook-feature-login-flow-deliveries" has 45 characters, but AWS allows at most 40. Deploy with a shorter stage name.',
      ),
    );
  });
});
