import { describe, expect, it } from "vitest";
import { findResource } from "../harness/resources";
import type { LoadDeployment, StageExpectations } from "./stage-expectations";

/** Declares the checks of the event registry table. */
export function describeRegistry(
  load: LoadDeployment,
  expected: StageExpectations,
): void {
  describe("Table: EventRegistry", () => {
    function table() {
      return findResource(
        load(),
        "aws:dynamodb/table:Table",
        "EventRegistryTable",
      ).inputs;
    }

    it("is keyed by payload_hash alone", () => {
      expect(table().hashKey).toBe("payload_hash");
      expect(table().rangeKey).toBeUndefined();
    });

    it("defines the four key attributes as strings", () => {
      expect(table().attributes).toEqual([
        { name: "payload_hash", type: "S" },
        { name: "event_id", type: "S" },
        { name: "event_type", type: "S" },
        { name: "processing_timestamp", type: "S" },
      ]);
    });

    it("has the event id and event type indexes", () => {
      expect(table().globalSecondaryIndexes).toEqual([
        { name: "event_id-index", hashKey: "event_id", projectionType: "ALL" },
        {
          name: "event_type-processing_timestamp-index",
          hashKey: "event_type",
          rangeKey: "processing_timestamp",
          projectionType: "ALL",
        },
      ]);
      expect(table().localSecondaryIndexes).toEqual([]);
    });

    it("expires items through the ttl attribute", () => {
      expect(table().ttl).toEqual({ attributeName: "ttl", enabled: true });
    });

    it("bills per request", () => {
      expect(table().billingMode).toBe("PAY_PER_REQUEST");
    });

    it("has point-in-time recovery", () => {
      expect(table().pointInTimeRecovery).toEqual({ enabled: true });
    });

    it(`has deletion protection: ${expected.production}`, () => {
      expect(table().deletionProtectionEnabled).toBe(expected.production);
    });
  });
}
