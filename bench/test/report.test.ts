import { describe, expect, it } from "vitest";
import { formatFigure, formatNumber, meetsGoal } from "../src/report.js";

describe("meetsGoal", () => {
  it("compares by the goal's direction", () => {
    const unit = "x";

    expect(meetsGoal(1.3, { comparison: "at most", limit: 1.3, unit })).toBe(
      true,
    );
    expect(meetsGoal(0.79, { comparison: "at least", limit: 0.8, unit })).toBe(
      false,
    );
    expect(
      meetsGoal(1_000_000, { comparison: "below", limit: 1_000_000, unit }),
    ).toBe(false);
  });
});

describe("formatFigure", () => {
  it("prints a met goal", () => {
    expect(
      formatFigure({
        label: "pipeline per event, large",
        value: 1.2345,
        unit: "x",
        baseline: "floor",
        goal: { comparison: "at most", limit: 1.3, unit: "x" },
      }),
    ).toBe(
      "  pipeline per event, large: 1.23x (vs floor)   goal <= 1.30x: met",
    );
  });

  it("prints a missed goal", () => {
    expect(
      formatFigure({
        label: "processor, duplicate: sequential round trips",
        value: 2,
        unit: "",
        baseline: "original plan 1",
        goal: { comparison: "at most", limit: 1, unit: "" },
      }),
    ).toBe(
      "  processor, duplicate: sequential round trips: 2 (vs original plan 1)   goal <= 1: MISSED",
    );
  });

  it("prints a figure without a goal", () => {
    expect(
      formatFigure({ label: "ingest bundle", value: 525_514, unit: " bytes" }),
    ).toBe("  ingest bundle: 525,514 bytes");
  });
});

describe("formatNumber", () => {
  it("keeps whole numbers whole", () => {
    expect(formatNumber(4)).toBe("4");
  });

  it("rounds fractions to the given digits", () => {
    expect(formatNumber(1.23456, 1)).toBe("1.2");
  });
});
