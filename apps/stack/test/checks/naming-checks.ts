import { describe, expect, it } from "vitest";
import type { LoadDeployment, StageExpectations } from "./stage-expectations";

/** Input fields that hold the physical name of an AWS resource. */
const NAME_FIELDS = ["name", "bucket", "targetId"];

/** Declares the check that physical names carry the stage. */
export function describeNaming(
  load: LoadDeployment,
  expected: StageExpectations,
): void {
  describe("Resource names", () => {
    it(`all carry the stage ${expected.stage}`, () => {
      const named = load()
        .resources.filter((resource) => resource.type.startsWith("aws:"))
        .flatMap((resource) =>
          NAME_FIELDS.filter(
            (field) =>
              field in resource.inputs &&
              // A policy or configuration names its bucket in `bucket`.
              !(field === "bucket" && resource.type !== "aws:s3/bucket:Bucket"),
          ).map((field) => ({
            resource: `${resource.type} ${resource.name}`,
            value: String(resource.inputs[field]),
          })),
        );
      const missing = named.filter(
        ({ value }) => !value.includes(`-${expected.stage}-`),
      );

      expect(named.length).toBeGreaterThan(10);
      expect(missing).toEqual([]);
    });
  });
}
