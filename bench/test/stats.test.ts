import { describe, expect, it } from "vitest";
import { median, pairedRatios, percentile } from "../src/stats.js";

describe("percentile", () => {
  it("interpolates between ranks", () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(25);
    expect(percentile([10, 20, 30, 40], 0)).toBe(10);
    expect(percentile([10, 20, 30, 40], 100)).toBe(40);
    expect(percentile([40, 10, 30, 20], 25)).toBe(17.5);
  });

  it("rejects an empty list", () => {
    expect(() => percentile([], 50)).toThrow(
      "cannot take a percentile of no values",
    );
  });

  it("rejects a percentile outside 0 to 100", () => {
    expect(() => percentile([1], 101)).toThrow(
      "percentile 101 is outside 0 to 100",
    );
  });
});

describe("median", () => {
  it("takes the middle of an odd list", () => {
    expect(median([3, 1, 2])).toBe(2);
  });

  it("averages the middle pair of an even list", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("pairedRatios", () => {
  it("divides each value by its round's baseline", () => {
    expect(pairedRatios([2, 9], [1, 3])).toEqual([2, 3]);
  });

  it("rejects lists of different length", () => {
    expect(() => pairedRatios([1, 2], [1])).toThrow(
      "paired ratios need as many baselines as measurements; got 2 and 1",
    );
  });
});
