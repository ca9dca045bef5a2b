import { describe, expect, it } from "vitest";
import type { FlowSummary } from "../src/aws/flow-summary.js";
import { usageOf } from "../src/cost/cost-bench.js";
import {
  costPerMillion,
  durationSensitivity,
  gbSeconds,
} from "../src/cost/cost-model.js";
import { PRICES } from "../src/cost/prices.js";

describe("gbSeconds", () => {
  it("rounds the duration up to the next millisecond", () => {
    expect(gbSeconds(1.2, 1024)).toBe(0.002);
    expect(gbSeconds(100, 256)).toBe(0.025);
  });
});

describe("costPerMillion", () => {
  it("prices each billed item", () => {
    const cost = costPerMillion(
      {
        functions: [{ name: "processor", durationMs: 99.5, memoryMb: 256 }],
        s3Puts: 2,
        s3Gets: 1,
        writeUnits: 3,
        readUnits: 0.5,
        busEvents: 2,
      },
      PRICES,
    );
    const byItem = Object.fromEntries(
      cost.lines.map((line) => [line.item, line.usdPerMillion]),
    );

    expect(byItem["Lambda requests"]).toBeCloseTo(0.2, 10);
    expect(
      byItem["Lambda duration, processor (256 MB, 100 ms billed)"],
    ).toBeCloseTo(0.025 * 0.0000133334 * 1e6, 10);
    expect(byItem["S3 PUT (2 per event)"]).toBeCloseTo(10, 10);
    expect(byItem["S3 GET (1 per event)"]).toBeCloseTo(0.4, 10);
    expect(byItem["DynamoDB writes (3 WRU per event)"]).toBeCloseTo(1.875, 10);
    expect(byItem["DynamoDB reads (0.5 RRU per event)"]).toBeCloseTo(
      0.0625,
      10,
    );
    expect(byItem["EventBridge custom events (2 per event)"]).toBeCloseTo(
      2,
      10,
    );
    expect(cost.totalUsd).toBeCloseTo(
      0.2 + 0.33333 + 10 + 0.4 + 1.875 + 0.0625 + 2,
      4,
    );
  });
});

describe("durationSensitivity", () => {
  it("prices extra milliseconds per million invocations", () => {
    expect(durationSensitivity(10, 256, PRICES)).toBeCloseTo(
      0.0025 * 0.0000133334 * 1e6,
      10,
    );
  });
});

describe("usageOf", () => {
  const flow = (overrides: Partial<FlowSummary>): FlowSummary => ({
    flow: "ingest",
    kind: "new",
    workload: "samples",
    samples: 1,
    pattern: "",
    patterns: 1,
    calls: 1,
    steps: 1,
    attempts: 1,
    writeUnits: 0,
    readUnits: 0,
    s3Puts: 0,
    s3Gets: 0,
    busEntries: 1,
    busChunks: 1,
    durationMs: 3,
    ...overrides,
  });

  it("adds the ingest function to the processor", () => {
    const usage = usageOf(
      flow({}),
      flow({ flow: "processor", writeUnits: 5, s3Puts: 2, durationMs: 40 }),
    );

    expect(usage).toEqual({
      functions: [
        { name: "ingest", durationMs: 3, memoryMb: 512 },
        { name: "processor", durationMs: 40, memoryMb: 256 },
      ],
      s3Puts: 2,
      s3Gets: 0,
      writeUnits: 5,
      readUnits: 0,
      busEvents: 2,
    });
  });
});
