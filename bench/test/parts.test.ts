import { describe, expect, it } from "vitest";
import { selectedParts } from "../src/parts.js";

describe("selectedParts", () => {
  it("runs every part when none is named", () => {
    expect(selectedParts([])).toEqual([
      "core",
      "receiver",
      "aws",
      "bundle",
      "cost",
    ]);
  });

  it("skips the -- that pnpm passes through", () => {
    expect(selectedParts(["--", "cost", "core"])).toEqual(["cost", "core"]);
  });

  it("rejects an unknown part", () => {
    expect(() => selectedParts(["core", "speed"])).toThrow(
      "unknown part speed; expected one or more of core, receiver, aws, bundle, cost",
    );
  });
});
